/// What a preset's `experiment:` key names. Each family declares its own kinds beside its code
/// (`extension ExperimentKind { static let sid = ExperimentKind("sid") }`); the registry lists the families.
public struct ExperimentKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { rawValue = name }
    public var description: String { rawValue }

    /// Every kind some family runs, in registry order.
    public static var allCases: [ExperimentKind] { ExperimentFamily.all.flatMap { $0.members.map(\.kind) } }

    /// The family member that runs this kind (nil for a name no family declares).
    public var member: ExperimentFamily.Member? { ExperimentFamily.member(of: self) }
    /// The family it belongs to.
    public var family: ExperimentFamily? { ExperimentFamily.all.first { f in f.members.contains { $0.kind == self } } }

    /// Accepted keys: the common ones plus the member's own.
    public var schema: [PresetKey] { Preset.commonKeys + (member?.keys ?? []) }
}

/// An experiment family as presets see it, declared in the family's own folder: the kinds it runs, each with its
/// preset keys, its combination rules, what it runs, its live options and its metric names.
public struct ExperimentFamily: Sendable {
    /// What a member runs.
    public enum Runs: Sendable {
        /// A generative method on the experiment core, built from the preset and the core's settings.
        case method(@Sendable (Preset, CoreSettings) -> GenerativeMethod)
        /// A grid of cells on a worker pool (sweeps).
        case cells
        /// Frames stepped one by one (physics).
        case frames
        /// A study measured once and reported.
        case study
        /// Two training presets side by side.
        case race
    }

    /// A setting a person changes live (a key cycles its values); the dashboard sends it as `setOption`.
    public struct LiveOption: Sendable, Equatable {
        public var key: String
        public var values: [String]
        public init(_ key: String, _ values: [String]) {
            self.key = key
            self.values = values
        }

        /// The value after `current` (the first when `current` is not one of them).
        public func next(after current: String) -> String {
            values[((values.firstIndex(of: current) ?? -1) + 1) % values.count]
        }
    }

    /// One kind of the family.
    public struct Member: Sendable {
        public let kind: ExperimentKind
        public let keys: [PresetKey]
        public let runs: Runs
        /// Rules that involve two keys: each throws a one-line error naming the line to change.
        public var rules: [@Sendable (Preset) throws -> Void]
        public var liveOptions: [LiveOption]
        /// Names of its per-step extra metrics a dashboard reads.
        public var metrics: [String]
        /// Its first phase is worth training once and caching (a one-step method's teacher): `FirstPhaseCache`.
        public var firstPhase: FirstPhaseCaching?

        public init(_ kind: ExperimentKind, keys: [PresetKey], runs: Runs, rules: [@Sendable (Preset) throws -> Void] = [],
                    liveOptions: [LiveOption] = [], metrics: [String] = [], firstPhase: FirstPhaseCaching? = nil) {
            self.kind = kind
            self.keys = keys
            self.runs = runs
            self.rules = rules
            self.liveOptions = liveOptions
            self.metrics = metrics
            self.firstPhase = firstPhase
        }

        /// The live option named `key`, if the member has it.
        public func liveOption(_ key: String) -> LiveOption? { liveOptions.first { $0.key == key } }
    }

    public let name: String
    public let members: [Member]

    public init(_ name: String, _ members: [Member]) {
        self.name = name
        self.members = members
    }

    /// The member that runs `kind`.
    public static func member(of kind: ExperimentKind) -> Member? {
        for f in all { if let m = f.members.first(where: { $0.kind == kind }) { return m } }
        return nil
    }
}

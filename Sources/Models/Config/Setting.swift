/// One preset key bound to one field of a settings type: the key's name, what it accepts and its help are written
/// here, and its default is the field's own initial value in `Config()`, so key ↔ field ↔ default ↔ validation are
/// declared once.
public struct Setting<Config: PresetSettings>: Sendable {
    public let key: PresetKey
    let read: @Sendable (inout Config, Preset) -> Void

    /// A key whose reading is not a plain copy (a choice read as a flag, a list into a nested field).
    public init(_ key: PresetKey, read: @escaping @Sendable (inout Config, Preset) -> Void) {
        self.key = key
        self.read = read
    }

    public static func int(_ name: String, _ field: WritableKeyPath<Config, Int> & Sendable, _ range: ClosedRange<Int>, _ help: String) -> Setting {
        Setting(PresetKey(name, .int(range), default: .int(Config()[keyPath: field]), help)) { c, p in c[keyPath: field] = p.int(name) }
    }

    /// A whole number kept as a 64-bit seed or count.
    public static func int(_ name: String, _ field: WritableKeyPath<Config, UInt64> & Sendable, _ range: ClosedRange<Int>, _ help: String) -> Setting {
        Setting(PresetKey(name, .int(range), default: .int(Int(Config()[keyPath: field])), help)) { c, p in c[keyPath: field] = UInt64(p.int(name)) }
    }

    /// A number kept as Float; the key's default is the field's value written as its shortest decimal (0.001, not
    /// 0.0010000000474974513), so reading it back gives the same Float.
    public static func number(_ name: String, _ field: WritableKeyPath<Config, Float> & Sendable, _ range: ClosedRange<Double>,
                              _ help: String) -> Setting {
        let d = Double("\(Config()[keyPath: field])")!
        return Setting(PresetKey(name, .number(range), default: .number(d), help)) { c, p in c[keyPath: field] = Float(p.number(name)) }
    }

    public static func number(_ name: String, _ field: WritableKeyPath<Config, Double> & Sendable, _ range: ClosedRange<Double>,
                              _ help: String) -> Setting {
        Setting(PresetKey(name, .number(range), default: .number(Config()[keyPath: field]), help)) { c, p in c[keyPath: field] = p.number(name) }
    }

    public static func flag(_ name: String, _ field: WritableKeyPath<Config, Bool> & Sendable, _ help: String) -> Setting {
        Setting(PresetKey(name, .flag, default: .bool(Config()[keyPath: field]), help)) { c, p in c[keyPath: field] = p.flag(name) }
    }

    public static func choice<E: CaseIterable & RawRepresentable & Sendable>(_ name: String, _ field: WritableKeyPath<Config, E> & Sendable,
                                                                           _ help: String) -> Setting where E.RawValue == String {
        Setting(PresetKey(name, .choice(E.allCases.map(\.rawValue)), default: .text(Config()[keyPath: field].rawValue), help)) { c, p in
            c[keyPath: field] = p.choice(name, as: E.self)
        }
    }

    public static func intList(_ name: String, _ field: WritableKeyPath<Config, [Int]> & Sendable, _ range: ClosedRange<Int>, maxCount: Int,
                               _ help: String) -> Setting {
        Setting(PresetKey(name, .intList(range, maxCount: maxCount), default: .intList(Config()[keyPath: field]), help)) { c, p in
            c[keyPath: field] = p.intList(name)
        }
    }
}

/// A settings type read from presets through its `Setting`s: its preset keys are `keys`, and `init(preset:)` reads
/// exactly those (keys the preset's experiment does not have keep their defaults).
public protocol PresetSettings: Sendable {
    init()
    static var settings: [Setting<Self>] { get }
}

extension PresetSettings {
    /// The preset keys, in declaration order.
    public static var keys: [PresetKey] { settings.map(\.key) }

    /// The keys with these names, in declaration order (a family that takes part of a shared group).
    public static func keys(_ names: [String]) -> [PresetKey] { keys.filter { names.contains($0.name) } }

    /// The settings a preset makes: every declared key its experiment accepts, read; the others at their defaults.
    /// A type that derives more from a preset defines `init(preset:)` on top of this.
    public init(reading p: Preset) {
        self.init()
        let accepted = Set(p.schema.map(\.name))
        for s in Self.settings where accepted.contains(s.key.name) { s.read(&self, p) }
    }
}

import Foundation

/// A sweep as units of work for sharding: how a finished cell is written as a row of cells.csv and read back, and
/// which unit it completes. The lr × batch and compute sweeps' units are cells; muP's are curves (parametrisation ×
/// width), whose walk along LR decides its own cells.
public protocol SweepUnits: Sendable {
    associatedtype Result: Sendable
    var unitCount: Int { get }
    /// Units every shard runs before its own (muP's base-width curves: the other curves start from their optimum);
    /// a merge keeps one copy of their cells.
    var sharedUnits: [Int] { get }
    /// The columns of a row after `unit`.
    var columns: [String] { get }
    func unit(of r: Result) -> Int
    func fields(_ r: Result) -> [String]
    /// The cell a row describes, or nil when its fields do not fit unit `unit` of this sweep.
    func result(unit: Int, fields: [Substring]) -> Result?
    /// Whether `r` is its unit's last cell.
    func completes(_ r: Result) -> Bool
    /// A key naming the cell, for duplicate checks.
    func cellKey(_ r: Result) -> String
    /// The first cell a complete unit lacks or should not have (a unit whose cells depend on each other, like muP's walk
    /// along LR, replays itself), or nil when every complete unit among `results` is whole.
    func inconsistency(_ results: [Result]) -> String?
}

extension SweepUnits {
    public var header: String { (["unit"] + columns).joined(separator: ",") }
    public func row(_ r: Result) -> String { ([String(unit(of: r))] + fields(r)).joined(separator: ",") }

    /// Decodes rows of `file`; a malformed row is a one-line error naming the file, the line and the field.
    public func decode(_ rows: [(line: Int, text: Substring)], file: String) throws -> [(line: Int, result: Result)] {
        try rows.map { line, text in
            let f = text.split(separator: ",", omittingEmptySubsequences: false)
            let place = "\(file):\(line)"
            guard f.count == columns.count + 1 else {
                throw ConfigError("\(place): a truncated or malformed row: \(f.count) fields, expected \(columns.count + 1) (\(header))")
            }
            guard let u = Int(f[0]), (0..<unitCount).contains(u) else {
                throw ConfigError("\(place): field 'unit': '\(ConfigError.printable(String(f[0])))' is not a unit of this sweep (0…\(unitCount - 1))")
            }
            guard let r = result(unit: u, fields: Array(f.dropFirst())) else {
                throw ConfigError("\(place): the row is not a cell of unit \(u) of this sweep (another sweep's cells?)")
            }
            return (line, r)
        }
    }

    public func inconsistency(_ results: [Result]) -> String? { nil }

    /// The units whose last cell is among `results`.
    public func completedUnits(_ results: [Result]) -> Set<Int> { Set(results.filter(completes).map(unit(of:))) }
}

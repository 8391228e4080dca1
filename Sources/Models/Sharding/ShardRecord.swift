import Foundation

/// `shard.json`: which sweep a folder's `cells.csv` belongs to and how far it got. Written when the shard starts and
/// again when it ends; a merge reads it to refuse folders of another sweep.
public struct ShardRecord: Sendable, Equatable, Codable {
    public var identity: SweepIdentity
    public var shard: Shard
    /// Units this shard owns, and how many of them `cells.csv` holds complete.
    public var unitsOwned: Int
    public var unitsDone: Int
    /// Whether `parts.json` (the parts of the sweep that are not cells, shard 1's job) is written.
    public var partsDone: Bool
    /// What this shard's processes took, summed over resumes.
    public var seconds: Double
    public var cpuSeconds: Double
    public var threads: Int

    public static let file = "shard.json"

    public init(identity: SweepIdentity, shard: Shard, unitsOwned: Int) {
        self.identity = identity
        self.shard = shard
        self.unitsOwned = unitsOwned
        unitsDone = 0
        partsDone = false
        seconds = 0
        cpuSeconds = 0
        threads = 0
    }

    public var isComplete: Bool { unitsDone == unitsOwned && (shard.k != 1 || partsDone) }

    /// The record in `folder`, or nil when there is none; a record that does not parse is an error naming the file.
    public static func read(in folder: URL) throws -> ShardRecord? { try ShardFile.read(in: folder, file, what: "a shard record of lab") }

    public func write(in folder: URL) throws { try ShardFile.write(self, in: folder, Self.file) }
}

/// shard.json and parts.json: JSON with sorted snake_case keys and NaN as "nan", written atomically; a file that does
/// not parse is a one-line error naming it and the field.
enum ShardFile {
    static func read<T: Decodable>(in folder: URL, _ file: String, what: String) throws -> T? {
        let url = folder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder.snakeCase.decode(T.self, from: data)
        } catch {
            throw ConfigError("\(url.path): not \(what) (\(reason(error)))")
        }
    }

    static func write<T: Encodable>(_ value: T, in folder: URL, _ file: String) throws {
        let data = try JSONEncoder.snakeCase.encode(value)
        try OutputFolder.write(String(decoding: data, as: UTF8.self) + "\n", to: folder.appendingPathComponent(file))
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            "field '\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)"
        default: "\(error)"
        }
    }
}

extension JSONEncoder {
    /// Sorted snake_case keys, pretty-printed, NaN as "nan": the form of shard.json and parts.json.
    static var snakeCase: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}

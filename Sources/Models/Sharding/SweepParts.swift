import Foundation

/// `parts.json`: the parts of a sweep that are not cells (the lr × batch sweep's gradient-noise scale at the shared
/// initialisation, muP's coordinate check), computed once by shard 1 and read back bit for bit by the merge.
public struct SweepParts: Sendable, Equatable, Codable {
    public var noise: GradientNoise?
    public var coordCheck: CoordCheck?

    public static let file = "parts.json"

    public init(noise: GradientNoise? = nil, coordCheck: CoordCheck? = nil) {
        self.noise = noise
        self.coordCheck = coordCheck
    }

    public static func read(in folder: URL) throws -> SweepParts? {
        let url = folder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder.snakeCase.decode(SweepParts.self, from: data)
        } catch {
            throw ConfigError("\(url.path): not the parts file of a lab sweep (\(ShardRecord.reason(error)))")
        }
    }

    public func write(in folder: URL) throws {
        let data = try JSONEncoder.snakeCase.encode(self)
        try OutputFolder.write(String(decoding: data, as: UTF8.self) + "\n", to: folder.appendingPathComponent(Self.file))
    }
}

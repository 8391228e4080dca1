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

    public static func read(in folder: URL) throws -> SweepParts? { try ShardFile.read(in: folder, file, what: "the parts file of a lab sweep") }

    public func write(in folder: URL) throws { try ShardFile.write(self, in: folder, Self.file) }
}

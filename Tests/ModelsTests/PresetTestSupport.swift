import Foundation
@testable import Models

/// The repository's presets folder, for tests that run shipped presets.
let shippedPresetsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../presets")

/// A shipped preset made small enough for a test (small evaluation, validation and picture sets), with `overrides` on top.
func smallPreset(_ name: String, _ overrides: [String] = []) throws -> Preset {
    var p = try Preset(contentsOf: shippedPresetsDir.appendingPathComponent(name + ".yaml"))
    let small = ["eval_samples=200", "validation_size=256", "eval_steps=10", "log_every=10", "snapshot_points=50"]
    for a in small where p.experiment.schema.contains(where: { a.hasPrefix($0.name + "=") }) { try p.set(a) }
    for a in overrides { try p.set(a) }
    return p
}

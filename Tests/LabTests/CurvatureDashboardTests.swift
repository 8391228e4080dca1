import Foundation
import Models
import Testing
@testable import Lab

@Suite struct CurvatureDashboardTests {
    @Test(arguments: [(48, 14), (80, 24), (200, 60)])
    func snapshots(_ size: (Int, Int)) throws {
        let s = try physicsState("curvature", frames: 300)
        let b = view(s, width: size.0, height: size.1)
        assertSnapshot(b, named: "app-curvature-\(size.0)x\(size.1)")
        if size.0 >= 80 { #expect(b.text().contains("κ(s) = s") && b.text().contains("error")) }
    }

    @Test func kCyclesTheProfileAndRestarts() throws {
        var s = try physicsState("curvature", frames: 50)
        _ = update(&s, .key(.char("k")))
        guard case .curvature(let c)? = s.demo else { Issue.record("curvature demo"); return }
        #expect(c.simulation.config.profile == .sine && c.cursor == 0 && s.notice?.text.contains("sine") == true)
    }
}

@Suite struct CheckpointDashboardTests {
    /// Measurements shaped like the real study: memory L + 3, 2√L + 2 and 5 activations; time 2L, 2L + L − √L, 2L + L(L−1)/2 passes.
    static func state() throws -> AppState {
        var s = AppState(preset: try repositoryPreset("checkpointing"), glyphs: .braille)
        let study = CheckpointStudy(preset: try repositoryPreset("checkpointing"))
        var m: [CheckpointMeasurement] = []
        for L in study.depths {
            let root = Int(Double(L).squareRoot().rounded(.up))
            for scheme in CheckpointScheme.allCases {
                let acts = scheme == .all ? L + 3 : scheme == .sqrt ? 2 * root + 2 : 5
                let passes = CheckpointStudy.layerPasses(L, scheme, segment: scheme == .sqrt ? root : L)
                m.append(CheckpointMeasurement(layers: L, scheme: scheme, peakBytes: acts * 128 * 1024, seconds: Double(passes) * 1e-3,
                                               gradientError: 0, layerPasses: passes))
            }
        }
        s.dashboard = CheckpointView(study: study, measurements: m)
        s.focus = .memory
        return s
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func snapshots(_ size: (Int, Int)) throws {
        let b = view(try Self.state(), width: size.0, height: size.1)
        assertSnapshot(b, named: "app-checkpointing-\(size.0)x\(size.1)")
        #expect(b.text().contains("every √L") && b.text().contains("L 64"))
    }
}

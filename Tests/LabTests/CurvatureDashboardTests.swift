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

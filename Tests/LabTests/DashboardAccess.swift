@testable import Lab
import Models

/// Tests read a family's dashboard state by its old names; the app itself asks only through `board(_:)`.
extension AppState {
    var bindings: [KeyAction] { keyTable }
    var sweep: SweepView? { board(SweepView.self) }
    var mup: MuPView? { board(MuPView.self) }
    var demo: PhysicsDemo? { board(PhysicsDemo.self) }
    var oneStep: Bool { board(OneStepDashboard.self) != nil }
    var comparedCurves: [NamedSeries] { board(OneStepDashboard.self)?.comparedCurves ?? [] }
    var oneStepQuality: [String: Double] { board(OneStepDashboard.self)?.oneStepQuality ?? [:] }
}

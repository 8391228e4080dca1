import Foundation
import Testing
@testable import Models

private func parse(_ json: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
}

@Suite struct PhysicsOutputTests {
    @Test func pursuitTrajectoryHasAFrameRowPerSecondPlusTheCaptureRow() {
        let (csv, summary) = PursuitOutput.run()
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "t,pursuer_x,pursuer_y,target_x,target_y")
        #expect(lines.count == 1 + 515 + 1)
        let last = lines.last!.split(separator: ",").map { Double($0)! }
        #expect(abs(last[0] - 3600.0 / 7.0) <= 1e-9 && last[1] == last[3] && last[2] == last[4])
        let s = parse(summary)
        #expect(abs((s["pursuer_distance"] as! Double) - 4800.0 / 7.0) <= 1e-9 * 4800 / 7)
        #expect(s["closed_form_distance"] as? Double == 4800.0 / 7.0)
        #expect(abs(s["distance_relative_difference"] as! Double) <= 1e-9)
        #expect(abs(s["capture_time_relative_difference"] as! Double) <= 1e-9)
        #expect(s["parameters"] is [String: Any])
    }

    @Test func circularPursuitSummaryHasNullClosedForm() {
        let (_, summary) = PursuitOutput.run(PursuitConfig(target: .circle(radius: 200)))
        let s = parse(summary)
        #expect(s["closed_form_capture_time"] is NSNull && s["capture_time"] is Double)
    }

    @Test func keplerRunWritesFramesAndSummary() {
        let config = KeplerConfig(orbit: KeplerOrbit(e: 0.7), integrator: .verlet)
        let (csv, summary) = KeplerOutput.run(config, periods: 10.25)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "t,kepler_x,kepler_y,integrator_x,integrator_y")
        #expect(lines.count == 1 + 1 + 10250 / 5)
        let s = parse(summary)
        let period = 2 * Double.pi
        #expect(abs((s["final_time"] as! Double) - 10.25 * period) <= 1e-12 * period)
        #expect(abs((s["period"] as! Double) - period) <= 1e-15)
        #expect((s["max_energy_drift"] as! Double) >= abs(s["energy_drift"] as! Double))
        #expect((s["parameters"] as! [String: Any])["integrator"] as? String == "verlet")
        print("kepler verlet e=0.7, 10.25 periods:", summary)
    }

    @Test func numbersRoundTripAtFullPrecision() {
        let x = 4800.0 / 7.0
        #expect(Double(OutputFormat.number(x)) == x)
        #expect(JSONValue.number(.nan).rendered() == "null")
        #expect(OutputFormat.quoted("a\"b\n") == "\"a\\\"b\\n\"")
    }
}

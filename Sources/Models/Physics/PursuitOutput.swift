import Foundation

/// Headless pursuit outputs as strings; the CLI writes them to files.
public enum PursuitOutput {
    public static let trajectoryHeader = ["t", "pursuer_x", "pursuer_y", "target_x", "target_y"]

    /// `trajectory.csv`: one row per frame up to capture, the last row being the capture itself.
    public static func trajectoryCSV(frames: [PursuitState]) -> String {
        OutputFormat.csv(header: trajectoryHeader, rows: frames.map {
            [$0.t, $0.pursuer.x, $0.pursuer.y, $0.target.x, $0.target.y]
        })
    }

    /// `summary.json`: numeric capture vs the closed form (null for a non-straight target) and parameters.
    public static func summaryJSON(_ sim: PursuitSimulation) -> String {
        let c = sim.config, cf = sim.closedForm
        let t = sim.captureTime, d = sim.pursuerDistance
        let target: JSONValue
        switch c.target {
        case .line: target = .object([("kind", .string("line"))])
        case .circle(let r): target = .object([("kind", .string("circle")), ("radius", .number(r))])
        }
        let json: JSONValue = .object([
            ("capture_time", .number(t)),
            ("pursuer_distance", .number(d)),
            ("target_distance", .number(c.v * t)),
            ("capture_x", .number(sim.capturePoint.x)),
            ("capture_y", .number(sim.capturePoint.y)),
            ("closed_form_capture_time", .optional(cf?.captureTime)),
            ("closed_form_distance", .optional(cf?.pathLength)),
            ("capture_time_difference", .optional(cf.map { t - $0.captureTime })),
            ("capture_time_relative_difference", .optional(OutputFormat.relative(t, cf?.captureTime))),
            ("distance_difference", .optional(cf.map { d - $0.pathLength })),
            ("distance_relative_difference", .optional(OutputFormat.relative(d, cf?.pathLength))),
            ("parameters", .object([
                ("a", .number(c.a)), ("k", .number(c.k)), ("v", .number(c.v)),
                ("target", target), ("frame_interval", .number(c.frameInterval)),
                ("tolerance", .number(c.tolerance)),
            ])),
        ])
        return json.rendered() + "\n"
    }

    /// Runs the pursuit to capture and returns (trajectory.csv, summary.json).
    public static func run(_ config: PursuitConfig = .classic) -> (trajectory: String, summary: String) {
        let sim = PursuitSimulation(config: config)
        return (trajectoryCSV(frames: PursuitSimulation.frames(config)), summaryJSON(sim))
    }
}

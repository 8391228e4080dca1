import Foundation

/// Headless curve outputs as strings; the CLI writes them to files.
public enum CurveOutput {
    public static let header = ["s", "x", "y", "theta", "kappa", "kappa_measured", "closed_x", "closed_y", "error"]

    /// Every frame of the whole curve.
    public static func frames(_ config: CurveConfig) -> [CurveFrame] {
        var sim = CurveSimulation(config: config)
        var out = [sim.current]
        while !sim.isFinished { out.append(sim.advance()) }
        return out
    }

    /// `curve.csv`: the integrated curve with κ prescribed and measured, and the closed form where there is one.
    public static func csv(_ frames: [CurveFrame]) -> String {
        OutputFormat.csv(header: header, rows: frames.map { f in
            [f.s, f.point.x, f.point.y, f.point.theta, f.kappa, f.measuredKappa ?? .nan,
             f.closedForm?.x ?? .nan, f.closedForm?.y ?? .nan, f.error ?? .nan]
        })
    }

    /// `summary.json`: the largest error against the closed form, the curvature the path shows against κ(s), and
    /// for a circle how close it comes back to where it started after one turn.
    public static func summary(_ config: CurveConfig, frames: [CurveFrame]) -> String {
        guard let last = frames.last else { return "{}\n" }
        var measured = 0.0
        for (f, next) in zip(frames, frames.dropFirst()) {
            if let m = next.measuredKappa { measured = max(measured, abs(m - f.kappa)) }
        }
        var fields: [(String, JSONValue)] = [
            ("profile", .string(config.profile.rawValue)), ("length", .number(last.s)),
            ("final_x", .number(last.point.x)), ("final_y", .number(last.point.y)), ("final_theta", .number(last.point.theta)),
            ("max_error_vs_closed_form", last.maxError.map { .number($0) } ?? .null),
            ("max_curvature_error", .number(measured)),
        ]
        if config.profile == .constant, config.kappa0 != 0 {
            // One full turn is s = 2π/|κ|: integrate exactly that far and measure the gap to the start.
            var c = config
            c.length = 2 * Double.pi / abs(config.kappa0)
            c.stepsPerFrame = max(1, Int((c.length / c.ds).rounded()))
            let end = CurveOutput.frames(c).last!.point
            fields.append(("circle_closing_error", .number((end.x * end.x + end.y * end.y).squareRoot())))
        }
        fields.append(("parameters", .object([("kappa0", .number(config.kappa0)), ("slope", .number(config.slope)),
                                              ("amplitude", .number(config.amplitude)), ("frequency", .number(config.frequency)),
                                              ("ds", .number(config.ds)), ("integrator", .string("rk4"))])))
        return JSONValue.object(fields).rendered() + "\n"
    }
}

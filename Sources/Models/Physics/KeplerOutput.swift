import Foundation

/// Headless orbit outputs as strings; the CLI writes them to files.
public enum KeplerOutput {
    public static let orbitHeader = ["t", "kepler_x", "kepler_y", "integrator_x", "integrator_y"]

    /// Frames for `periods` orbits: one every `stepsPerFrame` steps plus a final frame at exactly
    /// round(periods × stepsPerPeriod) steps.
    public static func frames(_ config: KeplerConfig, periods: Double) -> [KeplerFrame] {
        precondition(periods >= 0)
        let total = Int((periods * Double(config.stepsPerPeriod)).rounded())
        var sim = KeplerSimulation(config: config)
        var out = [sim.current]
        var done = 0
        while done < total {
            let n = min(config.stepsPerFrame, total - done)
            out.append(sim.advance(steps: n))
            done += n
        }
        return out
    }

    /// `orbit.csv`: analytic and integrated positions per frame.
    public static func orbitCSV(frames: [KeplerFrame]) -> String {
        OutputFormat.csv(header: orbitHeader, rows: frames.map {
            [$0.t, $0.kepler.position.x, $0.kepler.position.y, $0.integrator.position.x, $0.integrator.position.y]
        })
    }

    /// `summary.json`: final positions, drifts, period, phase error and parameters of the run.
    public static func summaryJSON(_ config: KeplerConfig, periods: Double, frames: [KeplerFrame]) -> String {
        guard let last = frames.last else { return "{}\n" }
        let o = config.orbit
        let json: JSONValue = .object([
            ("final_time", .number(last.t)),
            ("kepler_final_x", .number(last.kepler.position.x)),
            ("kepler_final_y", .number(last.kepler.position.y)),
            ("integrator_final_x", .number(last.integrator.position.x)),
            ("integrator_final_y", .number(last.integrator.position.y)),
            ("position_difference", .number((last.integrator.position - last.kepler.position).length)),
            ("energy_drift", .number(last.energyDrift)),
            ("angular_momentum_drift", .number(last.angularMomentumDrift)),
            ("max_energy_drift", .number(last.maxEnergyDrift)),
            ("vis_viva_error", .number(last.visVivaError)),
            ("period", .number(o.period)),
            ("phase_error", .number(last.phaseError)),
            ("parameters", .object([
                ("mu", .number(o.mu)), ("a", .number(o.a)), ("e", .number(o.e)),
                ("integrator", .string(config.integrator.rawValue)),
                ("periods", .number(periods)),
                ("steps_per_period", .integer(config.stepsPerPeriod)),
                ("steps_per_frame", .integer(config.stepsPerFrame)),
                ("step_size", .number(config.stepSize)),
            ])),
        ])
        return json.rendered() + "\n"
    }

    /// Runs `periods` orbits (e.g. 10.25) and returns (orbit.csv, summary.json).
    public static func run(_ config: KeplerConfig = KeplerConfig(), periods: Double = 10.25)
        -> (orbit: String, summary: String) {
        let f = frames(config, periods: periods)
        return (orbitCSV(frames: f), summaryJSON(config, periods: periods, frames: f))
    }
}

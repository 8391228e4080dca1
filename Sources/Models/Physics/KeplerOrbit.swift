import Foundation

/// An elliptic two-body orbit (focus at the origin, periapsis on +x, motion counter-clockwise, t = 0 at
/// periapsis), evaluated analytically through Kepler's equation. Defaults: μ = 1, a = 1, e = 0.5.
/// Formulas: Murray & Dermott, "Solar System Dynamics" (1999), §2.4–2.5.
public struct KeplerOrbit: Sendable, Equatable {
    /// Gravitational parameter G(m1 + m2).
    public var mu: Double
    /// Semi-major axis.
    public var a: Double
    /// Eccentricity, 0 ≤ e < 1.
    public var e: Double

    public init(mu: Double = 1, a: Double = 1, e: Double = 0.5) {
        precondition(mu > 0 && a > 0 && e >= 0 && e < 1, "elliptic orbit needs μ > 0, a > 0, 0 ≤ e < 1")
        self.mu = mu
        self.a = a
        self.e = e
    }

    /// Mean motion n = √(μ/a³).
    public var meanMotion: Double { (mu / (a * a * a)).squareRoot() }
    /// Period 2π√(a³/μ).
    public var period: Double { 2 * Double.pi / meanMotion }
    public var semiMinorAxis: Double { a * (1 - e * e).squareRoot() }
    public var periapsis: Double { a * (1 - e) }
    public var apoapsis: Double { a * (1 + e) }
    /// Specific energy −μ/(2a), constant along the orbit.
    public var energy: Double { -mu / (2 * a) }
    /// Specific angular momentum √(μ a (1 − e²)).
    public var angularMomentum: Double { (mu * a * (1 - e * e)).squareRoot() }

    /// Eccentric anomaly at time t after periapsis, from M = n·t.
    public func eccentricAnomaly(at t: Double) -> Double { solveKepler(M: meanMotion * t, e: e) }

    /// True anomaly ν from E via tan(ν/2) = √((1+e)/(1−e))·tan(E/2), in atan2 form so it is valid for all E.
    public static func trueAnomaly(eccentricAnomaly E: Double, e: Double) -> Double {
        2 * atan2((1 + e).squareRoot() * sin(E / 2), (1 - e).squareRoot() * cos(E / 2))
    }

    public func trueAnomaly(at t: Double) -> Double {
        Self.trueAnomaly(eccentricAnomaly: eccentricAnomaly(at: t), e: e)
    }

    /// Position and velocity at eccentric anomaly E: x = a(cos E − e), y = b sin E, Ė = n/(1 − e cos E).
    public func state(eccentricAnomaly E: Double) -> PhaseState {
        let c = cos(E), s = sin(E), b = semiMinorAxis
        let eDot = meanMotion / (1 - e * c)
        return PhaseState(position: Vec2(a * (c - e), b * s), velocity: Vec2(-a * s * eDot, b * c * eDot))
    }

    /// Position and velocity at time t after periapsis.
    public func state(at t: Double) -> PhaseState { state(eccentricAnomaly: eccentricAnomaly(at: t)) }

    /// Radius r = a(1 − e·cos E).
    public func radius(eccentricAnomaly E: Double) -> Double { a * (1 - e * cos(E)) }

    /// Vis-viva v² = μ(2/r − 1/a).
    public func visVivaSpeedSquared(radius r: Double) -> Double { mu * (2 / r - 1 / a) }

    /// The periapsis state where numeric integrations start.
    public var initialState: PhaseState { state(eccentricAnomaly: 0) }
}

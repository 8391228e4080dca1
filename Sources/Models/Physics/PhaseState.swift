import Foundation

/// Position and velocity of a body in the orbital plane: the state both the analytic and numeric orbits share.
public struct PhaseState: ODEVector, Equatable {
    public var position: Vec2
    public var velocity: Vec2

    public init(position: Vec2, velocity: Vec2) {
        self.position = position
        self.velocity = velocity
    }

    public static func + (l: Self, r: Self) -> Self {
        Self(position: l.position + r.position, velocity: l.velocity + r.velocity)
    }
    public static func * (s: Double, v: Self) -> Self { Self(position: s * v.position, velocity: s * v.velocity) }
    public static func scaledError(_ e: Self, _ a: Self, _ b: Self, atol: Double, rtol: Double) -> Double {
        max(Vec2.scaledError(e.position, a.position, b.position, atol: atol, rtol: rtol),
            Vec2.scaledError(e.velocity, a.velocity, b.velocity, atol: atol, rtol: rtol))
    }

    /// Specific orbital energy v²/2 − μ/r.
    public func energy(mu: Double) -> Double { 0.5 * velocity.lengthSquared - mu / position.length }
    /// Specific angular momentum x·vy − y·vx.
    public var angularMomentum: Double { position.cross(velocity) }

    /// Newtonian two-body field: (ṙ, v̇) = (v, −μ r/|r|³).
    public static func twoBody(mu: Double) -> (Double, PhaseState) -> PhaseState {
        { _, s in PhaseState(position: s.velocity, velocity: gravity(mu: mu, at: s.position)) }
    }

    /// Acceleration −μ r/|r|³.
    @inline(__always)
    public static func gravity(mu: Double, at r: Vec2) -> Vec2 {
        let d2 = r.lengthSquared
        return (-mu / (d2 * d2.squareRoot())) * r
    }
}

import Foundation

/// A plane vector in Double precision: the only geometry the physics models need.
public struct Vec2: Sendable, Hashable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Vec2(0, 0)

    /// The unit vector at angle `theta` from +x, counter-clockwise.
    public static func unit(angle theta: Double) -> Vec2 { Vec2(cos(theta), sin(theta)) }

    public var length: Double { hypot(x, y) }
    public var lengthSquared: Double { x * x + y * y }
    public var angle: Double { atan2(y, x) }
    public var normalized: Vec2 { self / length }

    public func dot(_ o: Vec2) -> Double { x * o.x + y * o.y }
    /// z-component of the 3-D cross product: signed area, angular momentum, turn direction.
    public func cross(_ o: Vec2) -> Double { x * o.y - y * o.x }

    /// Signed angle from `self` to `o` in (−π, π], well conditioned for both small and large angles.
    public func angle(to o: Vec2) -> Double { atan2(cross(o), dot(o)) }

    public var description: String { "(\(x), \(y))" }

    public static func + (l: Vec2, r: Vec2) -> Vec2 { Vec2(l.x + r.x, l.y + r.y) }
    public static func - (l: Vec2, r: Vec2) -> Vec2 { Vec2(l.x - r.x, l.y - r.y) }
    public static prefix func - (v: Vec2) -> Vec2 { Vec2(-v.x, -v.y) }
    public static func * (s: Double, v: Vec2) -> Vec2 { Vec2(s * v.x, s * v.y) }
    public static func * (v: Vec2, s: Double) -> Vec2 { Vec2(s * v.x, s * v.y) }
    public static func / (v: Vec2, s: Double) -> Vec2 { Vec2(v.x / s, v.y / s) }
    public static func += (l: inout Vec2, r: Vec2) { l = l + r }
    public static func -= (l: inout Vec2, r: Vec2) { l = l - r }
}

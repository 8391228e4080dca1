import Foundation

/// An exponential moving average of the loss for the live readout: starts at the first value, then
/// ema ← d·ema + (1 − d)·loss.
public struct LossEMA: Sendable, Equatable {
    public var decay: Float
    public internal(set) var value: Float = .nan

    public init(decay: Float) { self.decay = decay }

    public mutating func add(_ loss: Float) {
        value = value.isNaN ? loss : decay * value + (1 - decay) * loss
    }

    public mutating func reset() { value = .nan }
}

/// How a weight EMA starts: the post on weight moving averages compares the three.
public enum WeightEMAStart: String, CaseIterable, Sendable {
    /// θ̄₀ = θ₀ (torch_ema, SiD's released generators).
    case weights
    /// θ̄₀ = 0, used as is: biased towards zero early on.
    case zero
    /// θ̄₀ = 0 and θ̄_t/(1 − dᵗ) when used (bert4keras's extend_with_exponential_moving_average_v2).
    case zeroCorrected = "zero-corrected"
}

/// An exponential moving average of a network's weights, θ̄ ← d·θ̄ + (1 − d)·θ after each step, written
/// into a shadow network that samples or evaluates with the averaged weights.
public final class WeightEMA {
    /// Settable between updates, for averages whose decay ramps up (EDM's and SiD's `ema_rampup_ratio`).
    public var decay: Float
    public let start: WeightEMAStart
    /// The averaged network, ready to use (bias correction already applied).
    public let shadow: HasParameters
    private let source: HasParameters
    /// The running sums, kept apart from `shadow` only when a correction must be divided out.
    private var accumulator: [Matrix]
    public private(set) var updates = 0

    /// `shadow` must have the shape of `source`; its values are overwritten.
    public init(source: HasParameters, shadow: HasParameters, decay: Float, start: WeightEMAStart = .weights) {
        precondition(source.parameters.count == shadow.parameters.count, "EMA shadow must match its source")
        self.source = source
        self.shadow = shadow
        self.decay = decay
        self.start = start
        switch start {
        case .weights:
            shadow.load(values: source.copyValues())
            accumulator = []
        case .zero:
            shadow.load(values: source.parameters.map { Matrix(rows: $0.value.rows, cols: $0.value.cols) })
            accumulator = []
        case .zeroCorrected:
            accumulator = source.parameters.map { Matrix(rows: $0.value.rows, cols: $0.value.cols) }
            shadow.load(values: source.copyValues())
        }
    }

    /// Folds the source's current weights into the average.
    public func update() {
        updates += 1
        let d = decay
        switch start {
        case .weights, .zero:
            for (pa, p) in zip(shadow.parameters, source.parameters) { blend(&pa.value, p.value, decay: d) }
        case .zeroCorrected:
            let correction = 1 / (1 - powf(d, Float(updates)))
            for (i, (pa, p)) in zip(shadow.parameters, source.parameters).enumerated() {
                blend(&accumulator[i], p.value, decay: d)
                accumulator[i].data.withUnsafeBufferPointer { a in
                    pa.value.data.withUnsafeMutableBufferPointer { out in
                        for j in 0..<out.count { out[j] = a[j] * correction }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func blend(_ average: inout Matrix, _ value: Matrix, decay d: Float) {
        average.data.withUnsafeMutableBufferPointer { a in
            value.data.withUnsafeBufferPointer { v in
                for j in 0..<a.count { a[j] = d * a[j] + (1 - d) * v[j] }
            }
        }
    }
}

/// A list of parameters as a model: what a weight EMA averages for one parameter group, and its shadow copies.
public final class ParameterList: HasParameters {
    public let parameters: [Parameter]
    public init(_ parameters: [Parameter]) { self.parameters = parameters }

    /// New parameters with the same names, roles and values (the shadow of an EMA).
    public static func copies(of parameters: [Parameter]) -> ParameterList {
        ParameterList(parameters.map { Parameter(name: $0.name, role: $0.role, value: $0.value) })
    }
}

/// The weight EMA of one parameter group: the group's parameters, their averaged shadows, and the average.
struct GroupAverage {
    let source: ParameterList
    let shadow: ParameterList
    let ema: WeightEMA

    init(_ parameters: [Parameter], settings w: WeightEMASettings) {
        source = ParameterList(parameters)
        shadow = ParameterList.copies(of: parameters)
        ema = WeightEMA(source: source, shadow: shadow, decay: w.decay, start: w.start)
    }

    /// Exchanges the live weights and the averaged ones (O(1) per parameter: the matrices' storage moves).
    func swapWeights() {
        for (p, q) in zip(source.parameters, shadow.parameters) { swap(&p.value, &q.value) }
    }
}

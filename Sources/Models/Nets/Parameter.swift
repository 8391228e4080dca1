/// Where a parameter sits in a network: Muon only takes hidden matrices; the rest stays on AdamW.
public enum ParameterRole: String, Sendable {
    case inputMatrix, hiddenMatrix, outputMatrix, bias, other
    public var isHiddenMatrix: Bool { self == .hiddenMatrix }
}

/// A trainable tensor and its gradient; a class so optimizers keep per-parameter state by identity.
public final class Parameter: @unchecked Sendable {
    public let name: String
    public var role: ParameterRole
    public var value: Matrix
    public var grad: Matrix

    public init(name: String, role: ParameterRole, value: Matrix) {
        self.name = name
        self.role = role
        self.value = value
        self.grad = Matrix(rows: value.rows, cols: value.cols)
    }

    public var count: Int { value.count }
    public func zeroGrad() { grad.fill(0) }
}

/// Anything with parameters.
public protocol HasParameters: AnyObject {
    var parameters: [Parameter] { get }
}

extension HasParameters {
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// A copy of every parameter's values, for resets and EMA teachers.
    public func copyValues() -> [Matrix] { parameters.map(\.value) }

    public func load(values: [Matrix]) {
        for (p, v) in zip(parameters, values) {
            precondition(p.value.rows == v.rows && p.value.cols == v.cols, "shape mismatch loading \(p.name)")
            p.value = v
        }
    }

    /// True when every parameter value is finite (the divergence check after every step): the largest exponent field
    /// over all values, an integer reduction the compiler vectorises (`allSatisfy(\.isFinite)` stops early, so it
    /// cannot, and cost ~0.6% of a reflow-mixture run).
    public var allFinite: Bool {
        let exponent: UInt32 = 0x7f80_0000
        return parameters.allSatisfy { p in
            p.value.data.withUnsafeBufferPointer { values in
                var largest: UInt32 = 0
                for v in values { largest = max(largest, v.bitPattern & exponent) }
                return largest != exponent
            }
        }
    }
}

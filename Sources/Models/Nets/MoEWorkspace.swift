/// Shape of a mixture-of-experts layer: width → width through top-k of E small expert MLPs.
public struct MoEShape: Equatable, Sendable {
    public var width: Int
    public var expertHidden: Int
    public var experts: Int
    public var topK: Int
    public var score: RouterScore
    /// Divide the chosen experts' gates by their sum (DeepSeek-V3), so they add to 1.
    public var normalizeGates: Bool
    public var activation: Activation

    public init(width: Int, expertHidden: Int, experts: Int, topK: Int, score: RouterScore = .softmax,
                normalizeGates: Bool = true, activation: Activation = .silu) {
        precondition(experts >= 1 && (1...experts).contains(topK), "need 1 ≤ top-k ≤ experts")
        self.width = width
        self.expertHidden = expertHidden
        self.experts = experts
        self.topK = topK
        self.score = score
        self.normalizeGates = normalizeGates
        self.activation = activation
    }
}

/// Buffers of one batch through an MoE layer, including the routing and each expert's gathered tokens.
public final class MoEWorkspace {
    public private(set) var batch = -1
    let shape: MoEShape
    public var input = Matrix(rows: 0, cols: 0)
    public internal(set) var output = Matrix(rows: 0, cols: 0)
    public var outputGrad = Matrix(rows: 0, cols: 0)
    public internal(set) var inputGrad = Matrix(rows: 0, cols: 0)
    var logits = Matrix(rows: 0, cols: 0)
    /// Router scores ρ [batch × E] of the last forward pass.
    public internal(set) var scores = Matrix(rows: 0, cols: 0)
    var scoresGrad = Matrix(rows: 0, cols: 0)
    var logitsGrad = Matrix(rows: 0, cols: 0)
    /// Per assignment a = token·k + slot: chosen expert (best first), its gate, ∂L/∂gate.
    public internal(set) var choice: [Int32] = []
    var gate: [Float] = []
    var gateGrad: [Float] = []
    /// Assignments sorted by expert: expert e owns positions offsets[e]..<offsets[e+1].
    var offsets: [Int]
    var cursor: [Int]
    var token: [Int32] = []
    var assignment: [Int32] = []
    /// Tokens sent to each expert in the last forward pass.
    public internal(set) var counts: [Int]
    /// f_i = counts_i/(batch·k) and P_i = mean of ρ_i/Σ_j ρ_j, kept for the auxiliary loss's gradient.
    public internal(set) var fractions: [Float]
    public internal(set) var meanProbabilities: [Float]
    /// The auxiliary balancing loss of the last forward pass (0 when α = 0).
    public internal(set) var auxLoss: Float = 0
    let experts: [ExpertActivations]

    public init(shape: MoEShape, batch: Int = 0) {
        self.shape = shape
        offsets = [Int](repeating: 0, count: shape.experts + 1)
        counts = [Int](repeating: 0, count: shape.experts)
        cursor = counts
        fractions = [Float](repeating: 0, count: shape.experts)
        meanProbabilities = [Float](repeating: 0, count: shape.experts)
        experts = (0..<shape.experts).map { _ in ExpertActivations() }
        prepare(batch: batch)
    }

    /// Shapes the buffers for `batch` rows; keeps capacity, so a warm workspace never reallocates.
    public func prepare(batch n: Int) {
        guard n != batch else { return }
        batch = n
        let w = shape.width, e = shape.experts, a = n * shape.topK
        for m in [\MoEWorkspace.input, \.output, \.outputGrad, \.inputGrad] { self[keyPath: m].reshape(rows: n, cols: w) }
        for m in [\MoEWorkspace.logits, \.scores, \.scoresGrad, \.logitsGrad] { self[keyPath: m].reshape(rows: n, cols: e) }
        resize(&choice, a)
        resize(&gate, a)
        resize(&gateGrad, a)
        resize(&token, a)
        resize(&assignment, a)
    }
}

/// Grows or shrinks an array in place, keeping its capacity.
func resize<T: Numeric>(_ array: inout [T], _ n: Int) {
    if array.count > n { array.removeLast(array.count - n) } else if array.count < n { array.append(contentsOf: repeatElement(0, count: n - array.count)) }
}

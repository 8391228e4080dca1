/// One expert's activations for the tokens routed to it; rows change per batch, capacity is kept (no reallocation once warm).
public final class ExpertActivations {
    var x = Matrix(rows: 0, cols: 0)
    var z = Matrix(rows: 0, cols: 0)
    var aux = Matrix(rows: 0, cols: 0)
    var h = Matrix(rows: 0, cols: 0)
    var y = Matrix(rows: 0, cols: 0)
    var dy = Matrix(rows: 0, cols: 0)
    var dz = Matrix(rows: 0, cols: 0)
    var dh = Matrix(rows: 0, cols: 0)
    var dx = Matrix(rows: 0, cols: 0)

    /// Shapes every buffer for `rows` tokens.
    func prepare(rows n: Int, width: Int, hidden: Int) {
        x.reshape(rows: n, cols: width)
        y.reshape(rows: n, cols: width)
        dy.reshape(rows: n, cols: width)
        dx.reshape(rows: n, cols: width)
        z.reshape(rows: n, cols: hidden)
        aux.reshape(rows: n, cols: hidden)
        h.reshape(rows: n, cols: hidden)
        dz.reshape(rows: n, cols: hidden)
        dh.reshape(rows: n, cols: hidden)
    }
}

/// A small expert MLP: Linear → activation → Linear, width → hidden → width.
public final class Expert: HasParameters {
    public let up: Linear
    public let down: Linear
    public let activation: Activation

    public init(width: Int, hidden: Int, activation: Activation, name: String, rng: inout RNG) {
        up = Linear(width, hidden, role: .hiddenMatrix, name: "\(name).up", rng: &rng)
        down = Linear(hidden, width, role: .hiddenMatrix, name: "\(name).down", rng: &rng)
        self.activation = activation
    }

    public var parameters: [Parameter] { up.parameters + down.parameters }

    /// a.y ← expert(a.x) for however many rows `a` holds.
    func forward(_ a: ExpertActivations) {
        guard a.x.rows > 0 else { return }
        up.forward(a.x, into: &a.z)
        activation.forward(a.z, into: &a.h, aux: &a.aux)
        down.forward(a.h, into: &a.y)
    }

    /// From a.dy: parameter gradients (overwritten; zero when no token came) and a.dx.
    func backward(_ a: ExpertActivations) {
        guard a.x.rows > 0 else {
            for p in parameters { p.zeroGrad() }
            return
        }
        down.backward(x: a.h, dy: a.dy, dx: &a.dh)
        activation.backward(dy: a.dh, y: a.h, aux: a.aux, into: &a.dz)
        up.backward(x: a.x, dy: a.dz, dx: &a.dx)
    }
}

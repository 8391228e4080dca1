import Models

extension PaneID {
    /// The spiral classifier: full-data loss of the weights and their EMA, the data and its misclassified points.
    static let fullLoss = PaneID("fullLoss"), regions = PaneID("regions")
    /// InfoNCE: gradient error of naive accumulation vs k, and both encoders' embeddings.
    static let gradError = PaneID("gradError"), embeddings = PaneID("embeddings")
}

/// Training dashboards of methods with no samplers, whose pictures come from their evaluations and snapshots: the
/// spiral classifier (the weight-EMA demonstration) and InfoNCE (naive vs exact gradient accumulation).
struct PracticeDashboard: Dashboard, Equatable {
    enum Kind: Sendable, Equatable { case classifier, contrastive }
    var kind: Kind
    /// The preset's micro-batches per step and weight-EMA start (the core reports neither back).
    var accumulate: Int
    var emaStart: String
    /// The contrastive encoder's embedding dimension (the picture draws its first two coordinates).
    var embedDim: Int

    init(_ kind: Kind, core: CoreSettings, embedDim: Int = 0) {
        self.kind = kind
        accumulate = core.accumulate
        emaStart = core.weightEMAStart.rawValue
        self.embedDim = embedDim
    }

    /// The panes, in Tab order.
    var panes: [PaneID] {
        switch kind {
        case .classifier: [.loss, .fullLoss, .regions, .stats]
        case .contrastive: [.loss, .gradError, .embeddings, .stats]
        }
    }

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] { practiceLayout(self, area) }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch pane {
        case .fullLoss: FullLossPane(state: state, focused: focused).render(into: &buffer, area: area)
        case .regions: ClassifierPicturePane(state: state, focused: focused).render(into: &buffer, area: area)
        case .gradError: GradientErrorPane(state: state, focused: focused, accumulate: accumulate).render(into: &buffer, area: area)
        case .embeddings: EmbeddingsPane(state: state, focused: focused, embedDim: embedDim).render(into: &buffer, area: area)
        default: return false
        }
        return true
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        kind == .classifier ? classifierRows(state, emaStart: emaStart) : contrastiveRows(state, accumulate: accumulate, embedDim: embedDim)
    }

    /// The EMA demo's story is its preset's steps (60 000 steps in 5 s would squeeze it into a pixel).
    var pausesAtPresetSteps: Bool { kind == .classifier }

    /// The spiral classifier's data is the spirals: `d` would change the task.
    func keys(_ state: AppState) -> [KeyAction] { TrainingKeys.table(state, dataset: kind != .classifier) }
}

/// Curves left (the batch loss, the dashboard's main chart) with the numbers under them, the picture right; stacked
/// with the picture beside the curves when narrow.
private func practiceLayout(_ d: PracticeDashboard, _ area: Rect) -> [(PaneID, Rect)] {
    let (chart, picture): (PaneID, PaneID) = d.kind == .classifier ? (.fullLoss, .regions) : (.gradError, .embeddings)
    let statsRows = min(9, max(5, area.height / 3))
    if area.width >= 80 && area.height >= 22 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(2), .fixed(statsRows)])
        return [(.loss, left[0]), (chart, left[1]), (.stats, left[2]), (picture, cols[1])]
    }
    let rows = area.split(.vertical, [.fill(1), .fixed(statsRows)])
    let top = rows[0].split(.horizontal, [.percent(50), .fill(1)])
    return [(chart, top[0]), (picture, top[1]), (.stats, rows[1])]
}


import Models

/// Training dashboards of methods with no samplers, whose pictures come from their evaluations and snapshots: the
/// spiral classifier (the weight-EMA demonstration) and InfoNCE (naive vs exact gradient accumulation).
struct PracticeDashboard: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case classifier, contrastive }
    var kind: Kind
    /// The preset's micro-batches per step and weight-EMA start (the core reports neither back).
    var accumulate: Int
    var emaStart: String
    /// The contrastive encoder's embedding dimension (the picture draws its first two coordinates).
    var embedDim: Int

    init?(preset p: Preset) {
        switch p.experiment {
        case .spiralClassifier: kind = .classifier
        case .infonce: kind = .contrastive
        default: return nil
        }
        accumulate = p.int("accumulate")
        emaStart = p.text("weight_ema_start")
        embedDim = p.experiment == .infonce ? p.int("embed_dim") : 0
    }

    /// The panes, in Tab order.
    var panes: [PaneID] {
        switch kind {
        case .classifier: [.loss, .fullLoss, .regions, .stats]
        case .contrastive: [.loss, .gradError, .embeddings, .stats]
        }
    }
}

extension AppState {
    /// Whether `d` cycles the 2D dataset: not for one-step methods (their teacher is trained on one) nor the spiral
    /// classifier (its data is the spirals).
    var hasDatasetKey: Bool { !oneStep && practice?.kind != .classifier && diffusion?.kind != .cfg }
}

/// Curves left (the batch loss, the dashboard's main chart) with the numbers under them, the picture right; stacked
/// with the picture beside the curves when narrow.
func practiceLayout(_ d: PracticeDashboard, _ area: Rect) -> [(PaneID, Rect)] {
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

func renderPracticePane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) {
    let focused = state.focus == pane
    switch pane {
    case .fullLoss: FullLossPane(state: state, focused: focused).render(into: &buffer, area: area)
    case .regions: ClassifierPicturePane(state: state, focused: focused).render(into: &buffer, area: area)
    case .gradError: GradientErrorPane(state: state, focused: focused).render(into: &buffer, area: area)
    case .embeddings: EmbeddingsPane(state: state, focused: focused).render(into: &buffer, area: area)
    case .stats:
        let block = Block(title: "stats", focused: focused, glyphs: state.glyphs, info: state.presetName)
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let rows = state.practice?.kind == .classifier ? classifierRows(state) : contrastiveRows(state)
        TextPanel(rows: StatsPane.fit(rows, height: inner.height)).render(into: &buffer, area: inner)
    default:
        break
    }
}

/// Renders the TARFLOW and VQ dashboards' own panes; false for any other pane.
func renderFlowVQPane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
    switch pane {
    case .likelihood: LikelihoodPane(state: state).render(into: &buffer, area: area)
    case .latent: LatentPane(state: state).render(into: &buffer, area: area)
    case .flowSamples: FlowSamplesPane(state: state).render(into: &buffer, area: area)
    case .perplexity: VQSeriesPane(state: state, measure: .perplexity, pane: pane).render(into: &buffer, area: area)
    case .utilisation: VQSeriesPane(state: state, measure: .utilisation, pane: pane).render(into: &buffer, area: area)
    case .mse: VQSeriesPane(state: state, measure: .mse, pane: pane).render(into: &buffer, area: area)
    case .usage: CodeUsagePane(state: state).render(into: &buffer, area: area)
    case .codePlane: CodePlanePane(state: state).render(into: &buffer, area: area)
    case .reconstructions: ReconstructionPane(state: state).render(into: &buffer, area: area)
    default: return false
    }
    return true
}

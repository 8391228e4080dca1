import Foundation
import Models
import Testing
@testable import Lab

/// The dashboard of a real, small run of `yaml`: the experiment trained `steps` steps in-process, its events fed to
/// the state as the trainer would publish them (an evaluation every `steps / 4` steps, then a snapshot).
private func trainedState(_ yaml: String, steps: Int, glyphs: GlyphMode = .braille) throws -> AppState {
    let preset = try Preset(yaml: yaml, source: "t.yaml")
    var s = AppState(preset: preset, glyphs: glyphs)
    let e = try #require(preset.makeExperiment())
    _ = update(&s, .trainer(.info(e.info)))
    _ = update(&s, .trainer(.groups(e.groupStatus)))
    for step in 1...steps {
        _ = update(&s, .trainer(.metrics(e.trainStep())))
        for event in e.takeEvents() { _ = update(&s, .trainer(event)) }
        if step % (steps / 4) == 0 { _ = update(&s, .trainer(.evaluated(e.evaluate(curves: true)))) }
    }
    _ = update(&s, .trainer(.snapshot(e.snapshot())))
    return s
}

private func snapshots(_ yaml: String, steps: Int, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let s = try trainedState(yaml, steps: steps)
    assertSnapshot(view(s, width: 80, height: 24), named: "\(name)-80x24", sourceLocation: sourceLocation)
    assertSnapshot(view(s, width: 80, height: 24, monochrome: true), named: "\(name)-80x24-nocolor", sourceLocation: sourceLocation)
    assertSnapshot(view(s, width: 120, height: 36), named: "\(name)-120x36", sourceLocation: sourceLocation)
    assertSnapshot(view(try trainedState(yaml, steps: steps, glyphs: .ascii), width: 80, height: 24), named: "\(name)-80x24-ascii",
                   sourceLocation: sourceLocation)
    return view(s, width: 80, height: 24).text()
}

@Suite struct FlowVQDashboardTests {
    @Test func tarflowShowsLikelihoodAgainstEntropyAndTheLatent() throws {
        let yaml = "experiment: tarflow\ndescription: t\nblocks: 2\nchannels: 8\nsigma: 0.1\ntest_size: 500\neval_samples: 300\nsteps: 200\n"
        let text = try snapshots(yaml, steps: 200, "app-tarflow")
        #expect(text.contains("flow_kl") && text.contains("H 3.52") && text.contains("latent"))
    }

    @Test func vqShowsEveryGradientPathsPerplexityUsageAndError() throws {
        let yaml = "experiment: vq\ndescription: t\ncodes: 16\nhidden: [16, 16]\ntest_size: 500\nsteps: 200\n"
        let text = try snapshots(yaml, steps: 200, "app-vq")
        #expect(text.contains("perplexity") && text.contains("STE") && text.contains("rotation") && text.contains("SimVQ"))
        #expect(text.contains("path      ppl   used  MSE"), "the three numbers of each path sit under one header")
    }
}

extension ExperimentKind {
    public static let moeBalance = ExperimentKind("moe-balance")
}

/// Mixture of experts on the flow: auxiliary-loss vs loss-free load balancing, switched live with `balance`.
extension ExperimentFamily {
    public static let moe = ExperimentFamily("MoE", [
        Member(.moeBalance, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.flow.filter { $0.name != "hidden" } + MoEConfig.keys,
               runs: .method { p, s in MoEFlowMethod(settings: s, config: MoEConfig(preset: p)) },
               liveOptions: [LiveOption("balance", BalanceStrategy.allCases.map(\.rawValue))], metrics: ["maxvio", "maxvio_global"]),
    ])
}

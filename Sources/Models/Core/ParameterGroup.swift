/// A named set of parameters trained by its own optimizer (SiD: "generator" and "fake score").
public struct ParameterGroup {
    public var name: String
    public var parameters: [Parameter]
    /// The group's optimizer settings from the preset, before the user's keys.
    public var config: OptimizerConfig

    public init(name: String, parameters: [Parameter], config: OptimizerConfig) {
        self.name = name
        self.parameters = parameters
        self.config = config
    }
}

/// A group's optimizer as the UI shows it.
public struct GroupStatus: Sendable, Equatable, Codable {
    public var name: String
    public var kind: OptimizerKind
    public var lr: Float
    public init(name: String, kind: OptimizerKind, lr: Float) {
        self.name = name
        self.kind = kind
        self.lr = lr
    }
}

/// What the user chose with the optimizer keys, for every group or for one, kept across resets and phases.
public struct OptimizerChoices: Sendable, Equatable {
    /// The kind for every group (set by a key aimed at all groups), and the LR factor applied to all.
    public var kind: OptimizerKind?
    public var lrScale: Float = 1
    /// Per-group overrides (keys aimed at one group).
    public var groupKind: [String: OptimizerKind] = [:]
    public var groupLRScale: [String: Float] = [:]

    public init() {}

    /// The group's preset settings with the user's choices applied; an LR factor scales every LR of the config.
    public func effective(_ group: ParameterGroup) -> OptimizerConfig {
        var c = group.config
        if let k = groupKind[group.name] ?? kind { c.kind = k }
        let s = lrScale * (groupLRScale[group.name] ?? 1)
        c.lr *= s
        c.muonLR *= s
        return c
    }

    /// Records a kind chosen for `group` (nil: every group).
    public mutating func choose(_ k: OptimizerKind, group: String?) {
        if let g = group {
            groupKind[g] = k
        } else {
            kind = k
            groupKind.removeAll()
        }
    }

    /// Records an LR factor for `group` (nil: every group).
    public mutating func scaleLR(_ factor: Float, group: String?) {
        if let g = group { groupLRScale[g, default: 1] *= factor } else { lrScale *= factor }
    }
}

/// One optimizer bank per parameter group, configured by the user's choices; the banks of groups that
/// survive a phase change keep their state.
public final class GroupOptimizers {
    public private(set) var groups: [ParameterGroup] = []
    private var banks: [String: OptimizerBank] = [:]
    public private(set) var choices: OptimizerChoices

    public init(choices: OptimizerChoices = OptimizerChoices()) { self.choices = choices }

    /// Takes the method's current groups: a group seen before with the same parameters keeps its bank.
    public func adopt(_ newGroups: [ParameterGroup]) {
        var kept: [String: OptimizerBank] = [:]
        for g in newGroups {
            if let b = banks[g.name], b.parameters.count == g.parameters.count,
               zip(b.parameters, g.parameters).allSatisfy({ $0 === $1 }) {
                kept[g.name] = b
            } else {
                kept[g.name] = OptimizerBank(parameters: g.parameters, config: choices.effective(g))
            }
        }
        groups = newGroups
        banks = kept
    }

    /// One step of `name`'s optimizer, its LRs multiplied by `lrScale`.
    public func step(_ name: String, lrScale: Float = 1) {
        guard let b = banks[name] else { preconditionFailure("no parameter group '\(name)'") }
        b.step(lrScale: lrScale)
    }

    /// The bank of a group, for tests and inspection.
    public func bank(_ name: String) -> OptimizerBank? { banks[name] }

    /// The first group's status: the headline of the stats pane and metrics.csv.
    public var primary: GroupStatus? { status.first }

    public var status: [GroupStatus] {
        groups.compactMap { g in banks[g.name].map { GroupStatus(name: g.name, kind: $0.current, lr: $0.lr) } }
    }

    /// Switches `group` (nil: all) to `kind`; returns the groups that changed, with their old kinds.
    public func switchTo(_ kind: OptimizerKind, group: String?) throws -> [(group: String, from: OptimizerKind)] {
        let targets = try resolve(group)
        choices.choose(kind, group: group)
        var changed: [(String, OptimizerKind)] = []
        for g in targets {
            let b = banks[g.name]!
            let from = b.current
            guard from != kind else { continue }
            b.setConfig(choices.effective(g))
            changed.append((g.name, from))
        }
        return changed
    }

    /// Multiplies the LRs of `group` (nil: all) by `factor`.
    public func scaleLR(_ factor: Float, group: String?) throws {
        guard factor.isFinite, factor > 0 else { throw CommandError("learning-rate factor must be positive, got \(factor)") }
        let targets = try resolve(group)
        choices.scaleLR(factor, group: group)
        for g in targets { banks[g.name]!.setConfig(choices.effective(g)) }
    }

    /// Sets the headline LR of `group` (nil: all groups, each scaled by the same factor as the first).
    public func setLR(_ lr: Float, group: String?) throws {
        guard lr.isFinite, lr > 0 else { throw CommandError("learning rate must be positive, got \(lr)") }
        let targets = try resolve(group)
        guard let first = targets.first, let b = banks[first.name], b.lr > 0 else { return }
        try scaleLR(lr / b.lr, group: group)
    }

    private func resolve(_ group: String?) throws -> [ParameterGroup] {
        guard let name = group else { return groups }
        guard let g = groups.first(where: { $0.name == name }) else {
            throw CommandError("no parameter group '\(name)' (groups: \(groups.map(\.name).joined(separator: ", ")))")
        }
        return [g]
    }
}

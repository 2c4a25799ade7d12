"""The English words of the section "What the answer depends on" and of the first page's robustness lines
(analysis/report/depends.py, robust_words.py), by key; analysis/report/language.py merges them."""

TEXT = {
    # what the answer depends on (analysis/report/depends.py, robust_words.py)
    "section.depends": "What the answer depends on",
    "depends.intro": "Most of the model's parameters are assumed: no document fixes how well an inspector finds a "
                     "hazard, how fast enterprises repair hazards unprompted or how long an order deters. The answers "
                     "above are what those assumptions imply. This section says which of them the staffing answer "
                     "turns on, and whether each answer holds across their plausible ranges (a sensitivity analysis, "
                     "`python -m analysis.sensitivity`; docs/uncertainty.md).",
    "depends.screening": "Which assumptions move the staffing answer",
    "depends.no_screening": "This study's folder holds no screening of the assumptions. `{small}` ranks them in about "
                            "{small_minutes} minutes on two cores; `{full}` runs the whole analysis (screening, Sobol' "
                            "indices and robustness) in about {full_minutes} minutes. Both write into the folder this "
                            "report reads.",
    "depends.screening_counts": "{points} counties drawn through the plausible ranges, each differing from the one "
                                "before in one {kind}, {replications} histories a county",
    "depends.screening_ran": "counties drawn through the plausible ranges, each differing from the one before in one "
                             "{kind}",
    "robust.value_unknown": "the analysis's value of a life",
    "depends.kind_grouped": "mechanism (its assumptions moving together)",
    "depends.kind_parameters": "assumption",
    "depends.screening_share": "The screening (Morris's method) runs {ran}, and measures the staffing answer in "
                               "each: the expected deaths that {step} more inspectors ({today} to {to}) avert, as a "
                               "share of the expected deaths at today's staff. It is over the full ranges of the "
                               "schema, which describe many counties unlike this one, most of them far deadlier. The "
                               "share, a proportional effect, is used because the county's level of deaths is what "
                               "its own records pin down; what more inspectors avert of it is what the assumptions "
                               "decide.",
    "depends.screening_deaths": "The screening (Morris's method) runs {ran}, and measures the staffing answer in "
                                "each: the expected deaths a year that {step} more inspectors ({today} to {to}) "
                                "avert. It is over the full ranges of the schema, which describe many counties "
                                "unlike this one, most of them far deadlier. This screening predates the share of "
                                "deaths averted, a proportional effect: a deadlier county has more deaths to avert, "
                                "so part of what it ranks is how deadly a county is, which the county's own records "
                                "pin down. Running the screening again gives the share.",
    "depends.mu_star": "How to read it: μ* is how much the answer changes, on average and in either direction, when "
                       "one factor moves across its whole plausible range. A factor with a large μ* is one the answer "
                       "turns on; one near zero could be anywhere in its range without changing the answer. The "
                       "whiskers are the screening's 95% interval (it depends on where in the ranges the moves were "
                       "made). The Monte Carlo range is μ* recomputed on resampled histories: the simulator's noise "
                       "alone, not uncertainty about the assumptions.",
    "caption.tornado": "{top} moves the answer most: μ* {value} {unit} (95% interval {conf}; Monte Carlo range "
                       "{monte_carlo}), then {others}.",
    "table.morris": "μ* per whole range of each factor, in {unit}; the 95% interval is the screening's, the Monte "
                    "Carlo range the simulator's noise alone.",
    "depends.no_sobol": "Sobol' indices (the share of the answer's variance each assumption explains, alone and with "
                        "the others) are not in this folder: `{command}` runs the whole analysis (screening, Sobol' "
                        "indices and robustness) in about {minutes} minutes on two cores.",
    "depends.sobol": "Sobol' indices of the {count} factors the screening ranks first, the others at their defaults, "
                     "for the {quantity}: first order is the share of the answer's variance a factor explains alone, "
                     "total adds what it explains together with the others. They are computed on an emulator (a "
                     "Gaussian process fitted to simulated counties), so they describe the assumptions without the "
                     "Monte Carlo noise.",
    "depends.emulator": "The emulator's check on {points} held-out counties: it predicts {predicted} of their "
                        "variance (Q², 100% at best) and {coverage} of them fall inside its 95% intervals (about 95% "
                        "for an honest emulator); read the indices only where both are near those.",
    "table.sobol": "Sobol' indices of the {quantity}, with 95% intervals.",
    "depends.robustness": "When each answer would change",
    "depends.no_robustness": "Whether each answer holds across the plausible ranges is not yet tested: `{command}` "
                             "runs the whole analysis, which draws counties through every range and makes each decision at "
                             "each, in about {minutes} minutes on two cores.",
    "robust.band": "The robustness part drew {drawn} counties through the plausible ranges of every assumption and "
                   "made each decision at each, as the first page does, on expected deaths. {plausible} of the "
                   "{drawn} counties drawn from the ranges have an expected {low}–{high} deaths per 100,000 workers "
                   "(十万人死亡率) a year, as a county like this one could; the probabilities below are over those.",
    "robust.fitted": "The robustness part made each decision, as the first page does, on expected deaths, at the "
                     "defaults and at {points} of the {drawn} parameter sets fitted to the county's records "
                     "(`python -m analysis.calibrate`: the sets whose runs reproduce every record); the probabilities "
                     "below are over those.",
    "fitted.intro": "The county was fitted to its records ({records} of them) by history matching: parameter sets "
                    "were kept only where the simulated county reproduces every record within its observation "
                    "error, the model's own chance and an allowance for what the model leaves out. How well each is "
                    "reproduced:",
    "fitted.recorded": "{value} ± {error}",
    "column.record": "record",
    "column.recorded": "recorded (a year)",
    "column.fitted_model": "the fitted model (95%)",
    "column.prior_model": "before fitting (95%)",
    "table.fit": "Each record beside the model: the 2.5% and 97.5% points of the fitted parameter sets' means, and "
                 "of the first wave's, drawn through the whole ranges before any record was used.",
    "fitted.pinned": "The records pinned down {count} of the {total} assumptions (their not-ruled-out range is under "
                     "half the plausible one): {names}. {unmoved} stay about as uncertain as before, and the "
                     "probabilities below carry that uncertainty.",
    "fitted.none_pinned": "The records pinned down none of the {total} assumptions to under half its plausible range; "
                          "{unmoved} stay about as uncertain as before, and the probabilities below carry that "
                          "uncertainty.",
    "robust.no_band": "The robustness part drew {drawn} counties through the plausible ranges of every assumption and "
                      "made each decision at each, as the first page does, on expected deaths. It kept every county "
                      "drawn, however deadly (this analysis set no band of plausible death rates), so the "
                      "probabilities below are over counties that may be far deadlier than this one.",
    "robust.rule": "Its staffing rule is not the first page's: it takes a step while the step's extra spend a year is "
                   "at most {value} per expected death a year it averts (by default the highest published value of a "
                   "statistical life for China).",
    "robust.chosen": "{option} (the choice at the defaults)",
    "table.robust_best": "How often each option is best: across the counties above (parameters: the assumptions "
                         "varied, each county by the mean of its histories), in Monte Carlo draws of the histories at "
                         "the defaults (noise: the simulator's alone), and with both together. Options never best are "
                         "left out.",
    "depends.no_intervals": "Intervals of what the step buys that combine the assumptions' uncertainty with the Monte "
                            "Carlo noise come from a newer analysis: `{command}` writes them in about {minutes} "
                            "minutes on two cores.",
    "table.robust_intervals": "What {step} more inspectors ({today} to {to}) buy a year: at the defaults with the "
                              "Monte Carlo range alone (95% over resampled histories), and over the plausible "
                              "counties and Monte Carlo together (median and 95%).",
    "robust.its_choice": "the choice at the defaults",
    "rule.everywhere": "{decision}: {option}, the choice at the defaults, wins at all {points} counties; no assumption "
                       "in its range changes it.",
    "rule.nowhere": "{decision}: {option}, the choice at the defaults, wins at none of the {points} counties "
                    "({to}).",
    "rule.scattered": "{decision}: {option}, the choice at the defaults, loses at {flipped} of {points} counties "
                      "({to}), scattered: no simple region of the ranges holds them (a depth-2 decision tree is "
                      "right at {accuracy} of the counties).",
    "rule.region": "where {where} ({flipped} of the {points} counties there flip: {to})",
    "rule.regions": "{decision}: {option}, the choice at the defaults, gives way {regions}; a depth-2 decision tree "
                    "finds these regions and is right at {accuracy} of the counties.",
    "rule.or": "; or ",
    "rule.and": " and ",
    "rule.at_most": "{name} ≤ {value}",
    "rule.above": "{name} > {value}",
    "rule.went": "to {option} in {count}",
    "robust.missing": "How robust these answers are: not yet tested (`{command}`, about {minutes} minutes on two "
                      "cores).",
    "robust.staffing": "How robust: at {value} per expected death averted, {choice} at {parameters} of {counties} "
                       "(parameters) and {noise} of Monte Carlo draws (noise).",
    "robust.regime": "How robust: {option} has the fewest expected deaths at {parameters} of {counties} (parameters) "
                     "and {noise} of Monte Carlo draws (noise).",
    "robust.budget_mix": "How robust: of the mixes within budget, {option} has the fewest expected deaths at "
                         "{parameters} of {counties} (parameters) and {noise} of Monte Carlo draws (noise).",
    "robust.counties_plausible": "plausible counties",
    "robust.counties_drawn": "the counties drawn from the ranges",
    "robust.counties_fitted": "the parameter sets fitted to the records",
    "robust.stay": "no step beyond {count} inspectors is worth it",
    "robust.step": "the steps worth taking end at {count} inspectors (+{added})",
    "factor.sector": "{sector}: {name}",
    "factor.unknown": "{mechanism} (`{parameter}`)",
    "factor.key": "`{parameter}`",
    "format.pair_brackets": "{name} ({value})",
    "decision.name.staffing": "Staffing",
    "decision.name.staffing_at": "Staffing at {value} per expected death averted",
    "decision.name.regime": "Regime",
    "decision.name.budget_mix": "Budget split",
    "unit.share_of_deaths_averted": "percentage points",
    "unit.expected_deaths_averted": "expected deaths a year",
    "axis.mu_share_of_deaths_averted": "μ*: change in the share of deaths averted (percentage points)",
    "axis.mu_expected_deaths_averted": "μ*: change in expected deaths averted a year",
    "quantity.share_of_deaths_averted": "share of today's expected deaths averted",
    "quantity.expected_deaths_averted": "expected deaths averted a year",
    "quantity.cost_per_expected_death_averted": "cost per expected death averted",
    "column.factor": "assumption",
    "column.mu_star": "μ*",
    "column.mu_conf": "95% interval",
    "column.mu_monte_carlo": "Monte Carlo range",
    "column.sobol_first": "first order",
    "column.sobol_total": "total",
    "column.decision": "answer",
    "column.p_parameters": "best across counties (parameters)",
    "column.p_noise": "best in Monte Carlo draws at the defaults (noise)",
    "column.p_both": "parameters and noise together",
    "column.quantity": "what the step buys",
    "column.at_defaults": "at the defaults (Monte Carlo only)",
    "column.over_counties": "over plausible counties and Monte Carlo",
    "column.points": "counties",
}

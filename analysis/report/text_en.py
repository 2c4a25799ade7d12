"""The report's English text: every label, heading and sentence, by key (analysis/report/language.py)."""

TEXT = {
    "format.range": "{low} to {high}",
    "format.interval": "{mean} ({range})",
    # an interval with no width at the digits shown (language.Words.interval): one value, and why
    "format.interval_same": "{mean} (the same in every history)",
    "format.same": "the same in every history",
    "format.interval_narrow": "{mean} (95% interval narrower than {step})",
    "format.list": ", ",
    "format.pair": "{name}: {value}",
    "format.year": "year {n}",
    "format.years": "years {n}",
    "title": "What inspectors buy: {scenario}",
    "subtitle": "{inspectors} inspectors, {enterprises} enterprises, {window}. Simulated; 95% intervals throughout.",
    # sections
    "section.findings": "The decision in brief",
    "section.staffing": "What staffing buys",
    "section.regimes": "Regimes at today's staff",
    "section.plan": "The annual inspection plan (年度监督检查计划)",
    "section.months": "Month by month: open hazards and accidents (clearing major hazards as they arise, "
                      "重大隐患动态清零)",
    "section.funnel": "From hazard to closure: who finds hazards, and how fast",
    "section.hours": "Where inspector hours go",
    "section.targets": "The documents' indicators against their targets",
    "section.anchor": "Where the model is anchored, and what is assumed",
    "section.levers": "Other levers",
    "section.appendix": "Appendix: what ran",
    # findings
    "finding.cost_not_separable": "at this number of replications the expected deaths averted cannot be told from none, "
                                  "so no cost per death averted is given.",
    "finding.fitted": "Fitted to the county's records ({records}: {targets}): the figures in this report are "
                      "those of the best-fitting of the {sets} parameter sets that reproduce every record (calibration "
                      "{folder}); each \"How robust\" line is over all of them, so its probabilities carry what the "
                      "records leave uncertain.",
    "finding.published": "the published national figures",
    "finding.records_one": "1 record",
    "finding.records_many": "{count} records",
    "finding.no_staffing": "This study has no staffing sweep, so it cannot say what more inspectors buy: run "
                           "`python -m sim.sweep sweep=staffing` and report on its folder.",
    "finding.target_death_rate": "Deaths per 100,000 workers (十万人死亡率) are {value} a year ({range}), under the "
                                 "{target} target in {share} of simulated three-year periods.",
    "finding.target_coverage": "Key enterprises are checked every year (重点企业全覆盖) in {share} of simulated "
                               "periods (mean coverage {value}).",
    "finding.double_decline": "Accidents and deaths both fall (double decline, 双下降) from the first year to the last in {share} "
                              "of simulated periods with nothing changed: a year-on-year fall alone does not show "
                              "that a policy worked.",
    "finding.trial": "One random inspection changes the inspected enterprise's expected accidents by {change} over "
                     "four years ({range}); the randomised field trial of Levine et al. (2012) found −9.4% (−17.7% to "
                     "−2.1%).",
    "findings.note": "Each figure is the mean of the simulated county's histories ({replications} replications of "
                     "the county as it is), with its 95% interval; differences between options are paired "
                     "(the same histories under each option).",
    # the decision, the options and the benchmarks (analysis/report/brief.py)
    "format.list_last": " and ",
    "format.sentence_gap": " ",
    "section.options": "The options side by side",
    "section.benchmarks": "What a death averted is set against",
    "section.other_findings": "Other findings",
    "decision.hire": "Ask for {added} more inspectors ({base} to {to}). They avert about {deaths} expected deaths a "
                     "year ({deaths_range}; {plainly}) and {expected} expected accidents a year ({expected_range}), "
                     "for {cost} a year: about {per_death} per expected death averted ({per_death_range}). {counted}",
    "decision.hire_up_to": "Every staffing step the study ran averts measurably more expected deaths, so it supports "
                           "asking for up to {added} more inspectors ({base} to {to}, the most it ran). They avert "
                           "about {deaths} expected deaths a year ({deaths_range}; {plainly}) and {expected} "
                           "expected accidents a year ({expected_range}), for {cost} a year: about {per_death} per "
                           "expected death averted ({per_death_range}). {counted}",
    "decision.hire_beyond": "Returns fall beyond {to}: the next {added} ({to} to {next}) would avert {deaths} more "
                            "expected deaths a year ({deaths_range}), which cannot be told from none at {replications} "
                            "histories a level, so the study does not support asking for more than {to}.",
    "decision.hire_top": "A further expected death averted costs about {ladder}: where to stop is a choice of price, "
                         "for the meeting to weigh against the benchmarks below.",
    "decision.ladder_step": "{per_death} from {below} to {to}",
    "decision.hire_unsupported": "The study cannot yet say that more inspectors avert deaths: {added} more ({base} "
                                 "to {to}) avert {deaths} expected deaths a year ({deaths_range}) and {expected} expected "
                                 "accidents a year ({expected_range}), for {cost} a year; {not_separable} {counted}",
    "decision.hire_none_above": "The staffing sweep runs no level above today's {base} inspectors, so it cannot say "
                                "what more staff would buy.",
    "decision.counted": "Counted deaths averted: {deaths} a year ({deaths_range}).",
    "decision.counted_signed": "Counted deaths averted: {deaths} a year ({deaths_range}; a negative number is more deaths).",
    "decision.why_expected": "Deaths averted on this page are expected deaths: the deaths each simulated history's "
                             "open hazards imply, with the same mean as the deaths counted in it. Counted deaths "
                             "also carry the luck of whether an accident kills and how many (a serious or worse "
                             "accident, 较大及以上, kills three or more), so their paired intervals are about "
                             "{factor} times wider in this study; they are shown beside.",
    "decision.why_expected_no_factor": "Deaths averted on this page are expected deaths: the deaths each simulated "
                                       "history's open hazards imply, with the same mean as the deaths counted in "
                                       "it. Counted deaths also carry the luck of whether an accident kills and how "
                                       "many (a serious or worse accident, 较大及以上, kills three or more), so "
                                       "their paired intervals are wider; they are shown beside.",
    "decision.what.regimes": "Regimes at today's staff",
    "decision.what.budget_mix": "Splitting today's budget",
    "decision.best": "{what}: {best} has measurably the fewest expected deaths of all options, {deaths} a year fewer "
                     "than today ({deaths_range}), {costs}.",
    "decision.today_best": "{what}: today's ({best}) has measurably the fewest expected deaths; no option improves "
                           "on it.",
    "decision.none": "{what}: no measurable difference in expected deaths between any of the {count} options, today's "
                     "included; none is named best.",
    "decision.group": "{what}: no measurable difference in expected deaths between {names}, so none of them is named "
                      "best; the other options have measurably more.",
    "decision.expected_best": "In expected accidents, {best} is measurably the lowest: {expected} a year fewer than "
                              "today ({expected_range}), {costs}.",
    "decision.expected_same_best": "It also has measurably the fewest expected accidents: {expected} a year fewer "
                                   "than today ({expected_range}).",
    "decision.expected_today_best": "In expected accidents, today's is measurably the lowest.",
    "decision.expected_none": "Expected accidents do not tell them apart either.",
    "decision.expected_group": "In expected accidents, no measurable difference between {names}.",
    "decision.over_budget": "{option} spends {gap} a year more than the fixed budget of {budget}, so it is left out.",
    "decision.and_more": "{names} and {count} more",
    "benchmarks.compare": "Each expected death averted by the {added} more inspectors costs about {per_death}: {compensation_times} "
                          "times the one-off compensation for a work-related death (一次性工亡补助金, {compensation}) and {times_low} "
                          "to {times_high} times the values of a statistical life published for China ({vsl_low} to "
                          "{vsl_high}).",
    "benchmarks.no_cost": "No cost per expected death averted is given to set beside the one-off compensation for a "
                          "work-related death (一次性工亡补助金, {compensation}) or the values of a statistical life published "
                          "for China ({vsl_low} to {vsl_high}).",
    "benchmarks.meaning": "The compensation is what the law pays a family after a death, not what a life is worth; "
                          "a value of a statistical life is what people are willing to pay, together, for small cuts "
                          "in their risk of dying, per death avoided.",
    "phrase.cost": "for {cost} a year",
    "phrase.saving": "saving {cost} a year",
    "phrase.no_cost": "at no extra cost",
    "plain.every_years": "about one death averted every {n} years",
    "plain.every_months": "about one death averted every {n} months",
    "plain.per_month": "about {n} deaths averted a month",
    "plain.none": "none averted",
    "table.options_staffing": "Hiring: each staffing level against today's {base} inspectors, a year, with paired 95% "
                              "intervals rounded to what they support; a cost per expected death averted only where "
                              "the expected deaths averted are measurable.",
    "table.options_regimes": "Each regime added at today's staff, against the county as it is, a year; double "
                             "decline (双下降): the share of histories with both fewer accidents and fewer deaths "
                             "(counted) than today.",
    "table.options_budget_mix": "Today's budget of {budget} a year split other ways, against today's split; a mix "
                                "that spends more than {tolerance} over the budget is flagged and left out of the "
                                "comparison.",
    "verdict.separator": "; ",
    "verdict.request": "the request",
    "verdict.step_supported": "the {added} beyond {below} avert measurably more expected deaths, about {per_death} "
                              "per further one",
    "verdict.step_unsupported": "the {added} beyond {below} avert no measurable further expected deaths: {deaths} a "
                                "year ({deaths_range})",
    "verdict.fewer_deaths": "fewer expected deaths than today",
    "verdict.more_deaths": "more expected deaths than today",
    "verdict.fewer_expected": "fewer expected accidents than today",
    "verdict.more_expected": "more expected accidents than today",
    "verdict.fewer_both": "fewer expected deaths and accidents than today",
    "verdict.more_both": "more expected deaths and accidents than today",
    "verdict.no_difference": "no measurable difference from today",
    "verdict.best_deaths": "the fewest expected deaths of all, measurably",
    "verdict.best_expected": "the fewest expected accidents of all, measurably",
    "verdict.best_both": "the fewest expected deaths and accidents of all, measurably",
    "verdict.tied_deaths": "tied for the fewest expected deaths",
    "verdict.over_budget": "over the budget by {gap} a year: left out",
    "verdict.under_budget": "leaves {gap} a year of the budget unspent",
    "cost.saves": "saves money",
    "cost.free": "no extra cost",
    "cost.more_deaths": "more expected deaths",
    "cost.not_separable": "no measurable expected deaths averted",
    "benchmark.compensation.name": "one-off compensation for a work-related death (一次性工亡补助金)",
    "benchmark.compensation.figure": "{yuan} for a death in {year}: 20 times ¥{income}, the national urban "
                                     "disposable income per person in {income_year}",
    "benchmark.compensation.meaning": "paid once, by law, from the work-injury insurance fund to a dead worker's "
                                      "family: compensation after a death, not the value of a life",
    "benchmark.compensation.source": "Regulation on Work-Related Injury Insurance, art. 39; National Bureau of "
                                     "Statistics, incomes in {income_year}",
    "benchmark.vsl_hoffmann.name": "value of a statistical life, three cities",
    "benchmark.vsl_hoffmann.figure": "{yuan} ({year} prices)",
    "benchmark.vsl_hoffmann.meaning": "what residents of Shanghai, Jiujiang and Nanning said they would pay for a "
                                      "small cut in their risk of dying, per death avoided (stated-preference survey)",
    "benchmark.vsl_hoffmann.source": "Hoffmann, Krupnick & Qin (2017)",
    "benchmark.vsl_cao.name": "value of a statistical life, six cities",
    "benchmark.vsl_cao.figure": "{yuan} ({year} prices; {low} to {high} between the cities)",
    "benchmark.vsl_cao.meaning": "the same, from 3,936 face-to-face interviews in six cities in 2019 (contingent "
                                 "valuation)",
    "benchmark.vsl_cao.source": "Cao et al. (2023)",
    "benchmark.vsl_review.name": "value of a statistical life, review of Chinese studies",
    "benchmark.vsl_review.figure": "median {yuan} over 28 studies; {second} over the 5 on safety at work",
    "benchmark.vsl_review.meaning": "the middle of the willingness-to-pay estimates published for China up to "
                                    "April 2024",
    "benchmark.vsl_review.source": "systematic review, Chinese Journal of Public Health",
    # staffing
    "staffing.missing": "No staffing sweep in this study. `python -m sim.sweep sweep=staffing` runs one (0 to 90 "
                        "inspectors); give its folder, or a folder holding it, to this command.",
    "staffing.intro": "Each staffing level runs the same {replications} histories of the county, so the difference "
                      "between two levels is measured history by history. The annual plan turns any staff's hours "
                      "into checks (docs/model.md §7).",
    "caption.staffing_curves": "From {low} to {high} inspectors, expected accidents fall from {from_expected} to "
                               "{to_expected} a year and expected deaths from {from_deaths} to {to_deaths} (counted "
                               "deaths: {from_counted} to {to_counted}); the dashed line is today's {base}; bands "
                               "are 95% intervals ({replications} histories per level).",
    "caption.marginal": "Expected deaths averted a year per inspector added: {first} from {a} to {b}, {last} from "
                        "{c} to {d} ({last_range}), separate from zero in {separated} of {steps} steps; counted "
                        "deaths (orange): {counted_last} from {c} to {d} ({counted_range}).",
    # regimes and levers
    "regimes.missing": "No regime sweep in this study. `python -m sim.sweep sweep=regimes` compares each regime "
                       "at today's staff.",
    "regimes.intro": "Each regime of the documents, added to the county's own at today's staff, against the county "
                     "as it is; below zero is fewer a year.",
    "caption.choices": "{best} changes expected accidents the most: {diff} a year ({range}); {separated} of "
                       "{options} options separate from today in expected accidents.",
    "levers.missing": "No lever sweep in this study (train or hire, dispatch, rewards, budget mix): "
                      "`python -m sim.sweep sweep=quality` and the others in conf/sweep/ run them.",
    "lever.quality": "Train or hire (professional share of inspectors)",
    "lever.dispatch": "Pooled or territorial dispatch",
    "lever.reward": "Whistleblower rewards (举报奖励)",
    "lever.budget_mix": "Splitting today's budget",
    # the plan
    "plan.off": "The annual plan is switched off in this scenario (regimes/annual_plan=on switches it on).",
    "plan.intro": "The plan turns staff into checks as a bureau does: staff-days, less the days kept for unplanned "
                  "enforcement and other work, are check-days; key enterprises are planned first. Under 'Where inspector "
                  "hours go', a table adds these staff-days up against the hours worked.",
    "caption.plan": "In {year}: {staff_days} staff-days give {check_days} check-days and {checks} planned checks; "
                    "{done} were done ({completion}); key enterprises covered: {coverage}.",
    "plan.check_days": "check-days",
    "plan.unplanned_days": "kept for unplanned work",
    "plan.other_days": "other work and leave",
    "plan.checks": "planned",
    "plan.checks_done": "done",
    # months
    "months.missing": "This result holds no monthly series.",
    "months.intro": "The line is the mean of {replications} histories; the band holds the middle 90% of them: what "
                    "one month of the county may look like.",
    "caption.months_hazards": "About {open} hazards are open in a month, {major} of them major (found or not); "
                              "at the window's end, 90% of histories have {low} to {high} major hazards open.",
    "caption.months_accidents": "{mean} accidents a month on average, up to {high} in a bad month (95th "
                                "percentile); {deaths} deaths a month.",
    # funnel
    "caption.funnel": "{created} hazards arise a year and {found} are found ({self_share} by the enterprises "
                      "themselves). {closed} are closed: {closed_found} that had been found and {unfound} that "
                      "nobody found, which the enterprises' routine repair (or an accident) ended first; so more "
                      "hazards close than are found. A hazard is found {find} days after it arises on average, "
                      "and a closed one was open {close} days.",
    "caption.funnel_unsplit": "{created} hazards arise a year; {found} are found ({self_share} by the enterprises "
                              "themselves) and {closed} closed, found or not (routine repair closes hazards nobody "
                              "found). A hazard is found {find} days after it arises on average, and a closed one "
                              "was open {close} days.",
    # the closed hazards' two flows (county.funnel)
    "closure.closed": "",
    "closure.closed_found": "closed after being found",
    "closure.closed_unfound": "closed unfound (routine repair, accidents)",
    "duration.mean_days_to_find": "days from a hazard's start to its finding",
    "duration.mean_days_to_close": "days from a hazard's start to its closing",
    "duration.mean_days_to_verify": "days a report waits for its check",
    # hours
    "hours.none": "No inspector hours to show: the county as it is here has {inspectors} inspectors, so no task "
                  "is done by one and no hours are worked.",
    "caption.hours": "{top} takes the most hours ({share}); inspectors use {utilisation} of their hours, and "
                     "{expired} of {created} tasks a year expire before anyone starts them.",
    "source.core": "routine (investigations, report checks, follow-ups)",
    "source.double_random": "double-random checks (双随机)",
    "source.lead_monthly": "monthly expert-led checks",
    "source.risk_based": "risk-based checks",
    "source.credit_based": "credit-based checks",
    "source.key_periods": "key periods",
    "source.accident_triggered": "accident-triggered checks",
    "source.third_party": "after third-party findings",
    "source.trial": "field-trial checks",
    "source.annual_plan": "annual plan (年度计划)",
    # staff-days against hours (county.staff_time)
    "ledger.intro": "How the plan's staff-days become the hours above, a year of the window on average. A staff-day "
                    "is {hours_per_day} hours of one inspector's working day; {admin} of them go to other duties "
                    "(meetings, paperwork), and the rest are the hours available for enforcement. The plan splits "
                    "those into the unplanned work it expects (what that work took the year before), a reserve of "
                    "{reserve} and check-days; in the year, unplanned work (every row above but the annual plan's) "
                    "and the planned checks take {utilisation} of them: the utilisation. Check-days are the plan's "
                    "budget: its checks use less of it when every enterprise already has its checks (at most one a "
                    "month).",
    "ledger.intro_no_plan": "How staff-days become the hours above, a year of the window on average. A staff-day is "
                            "{hours_per_day} hours of one inspector's working day; {admin} of them go to other duties "
                            "(meetings, paperwork), and the rest are the hours available for enforcement, of which "
                            "the work above takes {utilisation}: the utilisation.",
    "ledger.staff": "inspectors × working days",
    "ledger.admin": "other duties ({admin})",
    "ledger.enforcement": "available for enforcement",
    "ledger.plan_unplanned": "plan: kept for unplanned work",
    "ledger.plan_reserve": "plan: reserve ({reserve})",
    "ledger.plan_checks": "plan: check-days",
    "ledger.done_unplanned": "done: unplanned work",
    "ledger.done_plan": "done: planned checks",
    "ledger.done_all": "done: work of every source",
    "ledger.idle": "not worked",
    "table.ledger": "Staff-days = other duties + available; available = kept for unplanned work + reserve + "
                    "check-days (the plan) = unplanned work + planned checks + not worked (the year).",
    "table.ledger_no_plan": "Staff-days = other duties + available; available = work of every source + not worked.",
    # targets
    "targets.intro": "Each indicator with its 95% interval, the target, and the share of simulated three-year "
                     "periods that meet it. Targets are the scenario's where it sets them, else the documents'.",
    "targets.double_decline": "Double decline (双下降: fewer accidents and fewer deaths): with nothing changed, "
                              "accidents and deaths both fall from the first year to the last in {share} of "
                              "simulated periods; chance alone produces that often.",
    "target.death_rate": "below {target}",
    "target.accidents": "below {target}",
    "target.deaths": "below {target}",
    "target.deaths_industrial": "below {target}",
    "target.serious_accidents": "below {target}",
    "target.coverage": "100%",
        "target.rectification": "–",
    "target_source.scenario": "the scenario's plan",
    "target_source.city_plan": "city 13th five-year plan, 2020",
    "target_source.county_plan": "county annual plans (full coverage, 全覆盖)",
        "target_source.none": "no number in the documents",
    # anchoring
    "anchor.no_trial": "This study has no field-trial run. `python -m analysis.field_trial county_baseline` "
                       "simulates the randomised trial of Levine et al. (2012) to set beside its result.",
    "anchor.short_trial": "The field-trial run is too short for four whole years of follow-up: run it with the window analysis.field_trial sets (leave horizon_days alone).",
    "caption.trial": "In a simulated trial ({firms} enterprises, half inspected once at random, {replications} "
                     "histories), the inspected half's expected accidents change by {change} over four years "
                     "({range}) and its counted accidents, what Levine et al. (2012) counted as injury claims, by "
                     "{counted} ({counted_range}); the orange span is the real trial's {levine} ({levine_range}).",
    "trial.levine": "Levine et al. (2012): injury claims, about four years",
    "table.trial": "Change in the inspected half against the controls (inspected / control − 1); 95% intervals, "
                   "low to high.",
    "caption.death_rate": "The simulated county's deaths per 100,000 workers, {value} a year ({range}), beside "
                          "China's national figures and the 1.5 target of 2020.",
    "national": "China, {year}",
    "anchor.assumed": "Anchored: hazard and accident rates are calibrated so that deaths per 100,000 workers match "
                      "the national figures; one inspection's effect is set beside a randomised trial; the plan's "
                      "arithmetic follows published county plans. Assumed (no source gives them): how much better a "
                      "trained inspector detects hazards, the prices of inspectors, training, third-party days and "
                      "monitoring, and how reports respond to the reward. The answers on training, rewards and "
                      "budget mixes depend on them; docs/model.md lists every parameter with its source.",
    # tables
    "table.reference": "today",
    "table.per_year": "A year; 95% intervals in brackets.",
    "table.choices": "Paired differences a year against today; double decline (双下降): the share of histories in which "
                     "the option has both fewer accidents and fewer deaths (counted) than today; probability best: "
                     "that the option has the fewest expected deaths of all.",
    "table.plan": "Means over histories.",
    "table.targets": "",
    "table.results": "",
    "table.changed": "{shown} of {total} parameters not at their defaults.",
    # appendix
    "appendix.sweep": "sweep: {name}",
    "appendix.run": "run",
    "appendix.run_trial": "field trial",
    "appendix.scenario": "Scenario: {scenario} (`{name}`). {description} Sources: {sources}. Engine {engine}, "
                         "seed {seed}; measured window from {start}, {days} days, after {warmup} days of warm-up.",
    "appendix.assumed": "{assumed} of the model's {every} parameters have no source and are marked assumed in "
                        "docs/model.md; the source column below names the documents a value rests on, and "
                        "docs/model.md says where in them.",
    "appendix.changed": "Parameters not at their defaults",
    "appendix.no_changes": "Every parameter is at its default.",
    "appendix.software": "Software: {software}.",
    # charts
    "metric.expected": "expected",
    "metric.counted": "counted",
    # the shipped sweeps (conf/sweep/), as the appendix names them
    "sweep.staffing": "staffing levels",
    "sweep.regimes": "regimes at today's staff",
    "sweep.quality": "train or hire",
    "sweep.dispatch": "pooled or territorial dispatch",
    "sweep.reward": "whistleblower reward levels",
    "sweep.budget_mix": "splitting today's budget",
    # what parameters' sources cite (analysis/report/provenance.py)
    "cited.separator": "; ",
    "cited.assumed": "assumed",
    "cited.three_grips_plan": "Yongqiao city-management bureau's 'three grips' plan (Suzhou)",
    "cited.city_five_year_plan": "Jincheng city 13th five-year work-safety plan (2017)",
    "cited.county_three_year_plan": "Wuhua county three-year special rectification plan (2020)",
    "cited.region_work_points": "Tibet region work-safety work points for 2020",
    "cited.town_campaign": "Jicui town major-hazard campaign plan (2023)",
    "cited.plan_rule": "the rule on annual inspection plans (安监总政法〔2017〕150号)",
    "cited.kuancheng_plan": "Kuancheng district bureau's 2025 inspection plan",
    "cited.dangshan_plan": "Dangshan county bureau's 2025 inspection plan",
    "cited.work_safety_law": "Work Safety Law (2021)",
    "cited.reward_rules": "provincial whistleblower-reward rules",
    "cited.hotline": "calibrated to the 2024 safety-hotline figures",
    "cited.national_indicator": "the national indicator's definition",
    "cited.county_register": "the county's own register",
    "cited.county_statistics": "the county's own statistics",
    "cited.unannounced": "unannounced checks (四不两直)",
    "cited.scenario_plan": "the scenario's plan",
    "cited.no_number": "no document gives a number",
    "cited.levine": "Levine et al. (2012)",
    "cited.haviland": "Haviland et al. (2012)",
    "cited.gray_mendeloff": "Gray & Mendeloff (2005)",
    "cited.johnson": "Johnson (2020)",
    "cited.haifeng": "Haifeng County, 2022",
}

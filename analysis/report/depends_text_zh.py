"""“结论取决于什么”一节及首页稳健性说明的中文文本，按键名（analysis/report/depends.py、robust_words.py；
由 analysis/report/language.py 合并）。"""

TEXT = {
    # what the answer depends on (analysis/report/depends.py, robust_words.py)
    "section.depends": "结论取决于什么",
    "depends.intro": "模型的多数参数是假设值：没有文件规定执法人员发现隐患的概率、企业自行整改隐患的速度或整改指令的"
                     "威慑能持续多久。上文的结论正是这些假设的推论。本节说明增员结论取决于哪些假设，以及各项结论在这些"
                     "假设的合理取值范围内是否依然成立（敏感性分析，`python -m analysis.sensitivity`；见"
                     "`docs/uncertainty.md`）。",
    "depends.screening": "哪些假设影响增员结论",
    "depends.no_screening": "本研究目录中尚无对假设的筛选分析。`{small}` 约需{small_minutes}分钟（双核）即可对假设排序；"
                            "`{full}` 运行完整分析（筛选、Sobol 指数与稳健性），约需{full_minutes}分钟。二者的结果均写入"
                            "本报告读取的目录。",
    "depends.screening_counts": "在合理取值范围内抽取{points}个县域情形，相邻两个只差一个{kind}，每个情形模拟"
                                "{replications}次历史",
    "depends.screening_ran": "在合理取值范围内抽取县域情形，相邻两个只差一个{kind}",
    "robust.value_unknown": "敏感性分析设定的统计生命价值",
    "depends.kind_grouped": "机制（其下各项假设一同变动）",
    "depends.kind_parameters": "假设",
    "depends.screening_share": "筛选分析（Morris 方法）{ran}，并计算增员结论：增加{step}名执法人员（由{today}名增至"
                               "{to}名）减少的预期死亡占现有人员下预期死亡的比例。筛选覆盖参数表给出的全部取值范围，"
                               "其中许多情形与本县差别很大，多数死亡多得多。之所以用比例（相对效果），是因为本县的死亡"
                               "水平可由本县记录确定，而增员能减少其中多少取决于这些假设。",
    "depends.screening_deaths": "筛选分析（Morris 方法）{ran}，并计算增员结论：增加{step}名执法人员（由{today}名增至"
                                "{to}名）每年减少的预期死亡。筛选覆盖参数表给出的全部取值范围，其中许多情形与本县差别"
                                "很大，多数死亡多得多。本次筛选早于“减少死亡的比例”这一相对效果指标：死亡越多的情形可"
                                "减少的死亡也越多，因此排序有一部分反映的是县域的死亡水平，而这可由本县记录确定。重新运行"
                                "筛选即可得到比例指标。",
    "depends.mu_star": "如何解读：μ*是某一因素在其整个合理取值范围内变动时，结论平均改变的幅度（不论方向）。μ*大，说明"
                       "结论取决于该因素；接近零，说明该因素在范围内取何值都不改变结论。误差线是筛选本身的95%区间（取决"
                       "于在取值范围何处变动）；蒙特卡洛范围是用重抽样的历史重新计算的μ*，只反映模拟的随机性，而非假设"
                       "的不确定性。",
    "caption.tornado": "{top}对结论影响最大：μ*为{value}{unit}（95%区间{conf}；蒙特卡洛范围{monte_carlo}），其次为"
                       "{others}。",
    "table.morris": "各因素在整个取值范围内的μ*，单位：{unit}；95%区间为筛选本身的区间，蒙特卡洛范围只反映模拟的随机性。",
    "depends.no_sobol": "本目录中尚无 Sobol 指数（各假设单独及与其他假设共同解释的结论方差比例）：`{command}` 运行完整分析"
                        "（筛选、Sobol 指数与稳健性），约需{minutes}分钟（双核）。",
    "depends.sobol": "筛选排名靠前的{count}个因素（其他假设取默认值）对“{quantity}”的 Sobol 指数：一阶指数是某因素单独"
                     "解释的结论方差比例，总指数再加上它与其他因素共同解释的部分。指数在代理模型（拟合模拟县域情形的"
                     "高斯过程）上计算，因此反映的是假设的影响，不含蒙特卡洛随机性。",
    "depends.emulator": "代理模型在{points}个留出情形上的检验：它解释了这些情形{predicted}的方差（最好为100%），{coverage}的情形"
                        "落在其95%区间内（可信的代理模型约为95%）；只有二者都接近这些值时才应解读指数。",
    "table.sobol": "“{quantity}”的 Sobol 指数及95%区间。",
    "depends.robustness": "各项结论在什么情况下会改变",
    "depends.no_robustness": "各项结论在合理取值范围内是否成立尚未检验：`{command}` 运行完整分析，在各假设的取值"
                             "范围内抽取县域情形并逐一作出各项决策，约需{minutes}分钟（双核）。",
    "robust.band": "稳健性分析在各假设的合理取值范围内抽取了{drawn}个县域情形，并像首页一样按预期死亡逐一作出各项决策。"
                   "从取值范围抽取的{drawn}个县域中，有{plausible}个的预期十万人死亡率为每年{low}–{high}，与本县这样的"
                   "县域相符；下文的概率即针对这些县域。",
    "robust.fitted": "稳健性分析像首页一样按预期死亡作出各项决策，所用县域为默认参数及按本县历史数据拟合所得的{drawn}组参数"
                     "中的{points}组（`python -m analysis.calibrate`：其模拟结果与每项记录都相符）；下文的概率即针对这些参数组。",
    "fitted.intro": "本县已按其历史数据（{records}项记录）通过历史拟合进行校准：只保留模拟结果在观测误差、模型自身"
                    "随机性及模型未涵盖因素的容许范围内与每项记录都相符的参数组。各项记录的拟合情况如下：",
    "fitted.recorded": "{value} ± {error}",
    "column.record": "记录",
    "column.recorded": "记录值（每年）",
    "column.fitted_model": "拟合后的模型（95%）",
    "column.prior_model": "拟合前（95%）",
    "table.fit": "各项记录与模型对照：拟合所得参数组均值的2.5%与97.5%分位数，以及拟合前（在整个取值范围内抽取的第一轮）"
                 "的相应分位数。",
    "fitted.pinned": "历史数据将{total}项假设中的{count}项限定在其合理取值范围的一半以内：{names}。另有{unmoved}项的"
                     "不确定性与拟合前相差无几，下文的概率包含了这部分不确定性。",
    "fitted.none_pinned": "历史数据未能将{total}项假设中的任何一项限定在其合理取值范围的一半以内；{unmoved}项的不确定性"
                          "与拟合前相差无几，下文的概率包含了这部分不确定性。",
    "robust.no_band": "稳健性分析在各假设的合理取值范围内抽取了{drawn}个县域情形，并像首页一样按预期死亡逐一作出各项决策。"
                      "所有抽取的县域都被保留，不论死亡多少（本次分析未设定合理的死亡率范围），因此下文的概率所针对的"
                      "县域可能比本县死亡多得多。",
    "robust.rule": "其增员规则与首页不同：只要每年新增支出不超过每避免1人预期死亡{value}（默认取国内已发表的统计生命价值"
                   "的最高值），就再增加一级。",
    "robust.chosen": "{option}（默认参数下的选择）",
    "table.robust_best": "各方案为最优的概率：在上述县域中（参数：假设变动，每个县域取其历史的平均）、在默认参数下历史的"
                         "蒙特卡洛重抽样中（随机性：仅模拟本身），以及二者合并。从未最优的方案未列出。",
    "depends.no_intervals": "将假设的不确定性与蒙特卡洛随机性合并的增员效果区间来自较新版本的分析：`{command}` 约需"
                            "{minutes}分钟（双核）。",
    "table.robust_intervals": "增加{step}名执法人员（由{today}名增至{to}名）每年的效果：默认参数下只含蒙特卡洛随机性的区间"
                              "（重抽样历史的95%），以及合理县域与蒙特卡洛合并的区间（中位数与95%）。",
    "robust.its_choice": "默认参数下的选择",
    "rule.everywhere": "{decision}：默认参数下的选择{option}在全部{points}个县域中都是最优；任何假设在其取值范围内"
                       "都不改变它。",
    "rule.nowhere": "{decision}：默认参数下的选择{option}在{points}个县域中均非最优（{to}）。",
    "rule.scattered": "{decision}：默认参数下的选择{option}在{points}个县域中有{flipped}个不是最优（{to}），且分散各处，"
                      "没有简单的取值区域能概括（深度为2的决策树对{accuracy}的县域判断正确）。",
    "rule.region": "当{where}时（该区域{points}个县域中有{flipped}个改变：{to}）",
    "rule.regions": "{decision}：默认参数下的选择{option}在以下情况会改变：{regions}；找出这些区域的深度为2的决策树对"
                    "{accuracy}的县域判断正确。",
    "rule.or": "；或",
    "rule.and": "且",
    "rule.at_most": "{name} ≤ {value}",
    "rule.above": "{name} > {value}",
    "rule.went": "{count}个改为{option}",
    "robust.missing": "上述结论的稳健性尚未检验（`{command}`，约需{minutes}分钟，双核）。",
    "robust.staffing": "稳健性：按每避免1人预期死亡{value}计，{choice}；{counties}中{parameters}如此（参数），蒙特卡洛"
                       "抽样中{noise}如此（随机性）。",
    "robust.regime": "稳健性：{option}的预期死亡最少；{counties}中{parameters}如此（参数），蒙特卡洛抽样中{noise}如此"
                     "（随机性）。",
    "robust.budget_mix": "稳健性：不超预算的分配方案中{option}的预期死亡最少；{counties}中{parameters}如此（参数），蒙特卡洛"
                         "抽样中{noise}如此（随机性）。",
    "robust.counties_plausible": "合理县域",
    "robust.counties_drawn": "从取值范围抽取的县域",
    "robust.counties_fitted": "按历史数据拟合的参数组",
    "robust.stay": "超过{count}名执法人员的增员均不值得",
    "robust.step": "值得的增员止于{count}名执法人员（增加{added}名）",
    "factor.sector": "{sector}{name}",
    "factor.unknown": "{mechanism}（`{parameter}`）",
    "factor.key": "`{parameter}`",
    "format.pair_brackets": "{name}（{value}）",
    "decision.name.staffing": "增员",
    "decision.name.staffing_at": "按每避免1人预期死亡{value}计的增员",
    "decision.name.regime": "监管制度",
    "decision.name.budget_mix": "预算分配",
    "unit.share_of_deaths_averted": "个百分点",
    "unit.expected_deaths_averted": "人/年",
    "axis.mu_share_of_deaths_averted": "μ*：减少死亡比例的变化（百分点）",
    "axis.mu_expected_deaths_averted": "μ*：每年减少预期死亡的变化（人）",
    "quantity.share_of_deaths_averted": "减少的预期死亡占现有人员下预期死亡的比例",
    "quantity.expected_deaths_averted": "每年减少的预期死亡",
    "quantity.cost_per_expected_death_averted": "每避免1人预期死亡的费用",
    "column.factor": "假设",
    "column.mu_star": "μ*",
    "column.mu_conf": "95%区间",
    "column.mu_monte_carlo": "蒙特卡洛范围",
    "column.sobol_first": "一阶指数",
    "column.sobol_total": "总指数",
    "column.decision": "结论",
    "column.p_parameters": "县域中最优（参数）",
    "column.p_noise": "默认参数下蒙特卡洛抽样中最优（随机性）",
    "column.p_both": "参数与随机性合并",
    "column.quantity": "增员效果",
    "column.at_defaults": "默认参数（仅蒙特卡洛）",
    "column.over_counties": "合理县域与蒙特卡洛合并",
    "column.points": "县域数",
}

"""报告的中文文本：每个标签、标题和句子，按键名（analysis/report/language.py）。"""

TEXT = {
    "format.range": "{low}至{high}",
    "format.interval": "{mean}（{range}）",
    # an interval with no width at the digits shown (language.Words.interval): one value, and why
    "format.interval_same": "{mean}（各次历史均相同）",
    "format.same": "各次历史均相同",
    "format.interval_narrow": "{mean}（95%区间宽度不足{step}）",
    "format.list": "、",
    "format.pair": "{name}：{value}",
    "format.year": "第{n}年",
    "format.years": "第{n}年合计",
    "title": "执法人员配置效果评估：{scenario}",
    "subtitle": "执法人员{inspectors}名，生产经营单位{enterprises}家，{window}年。模拟结果；区间均为95%置信区间。",
    # sections
    "section.findings": "决策要点",
    "section.staffing": "增加执法人员的效果",
    "section.regimes": "现有人员下各项监管制度的比较",
    "section.plan": "年度监督检查计划",
    "section.months": "逐月变化：未整改隐患与事故（重大隐患动态清零）",
    "section.funnel": "从隐患产生到整改闭环：由谁发现、用时多久",
    "section.hours": "执法工时的去向",
    "section.targets": "规划指标完成情况",
    "section.anchor": "模型依据与假设",
    "section.levers": "其他政策工具",
    "section.appendix": "附录：运行信息",
    # findings
    "finding.cost_not_separable": "在当前重复次数下，减少的预期死亡与零无法区分，因此不给出每避免1人死亡的费用。",
    "finding.fitted": "本县已按历史数据拟合（{records}：{targets}）：本报告各项数字取自重现全部记录的{sets}组参数中"
                      "拟合最好的一组（拟合结果见 {folder}）；各条“稳健性”说明基于全部拟合参数组，其概率包含记录未能确定的不确定性。",
    "finding.published": "全国公开数据",
    "finding.records_one": "1项记录",
    "finding.records_many": "{count}项记录",
    "finding.no_staffing": "本次研究没有执法人员配置扫描，无法回答增加人员的效果：请运行 "
                           "`python -m sim.sweep sweep=staffing` 并对其结果目录生成报告。",
    "finding.target_death_rate": "工矿商贸十万人死亡率为每年{value}（95%区间{range}），在{share}的模拟三年期内"
                                 "低于{target}的目标。",
    "finding.target_coverage": "重点企业年度检查全覆盖在{share}的模拟期内实现（平均覆盖率{value}）。",
    "finding.double_decline": "在政策不变的情况下，{share}的模拟期内末年事故起数和死亡人数均低于首年（“双下降”）："
                              "仅凭同比下降不能说明政策有效。",
    "finding.trial": "一次随机执法检查使被检查企业四年内的预期事故变化{change}（95%区间{range}）；Levine 等"
                     "（2012）的随机对照试验结果为−9.4%（−17.7%至−2.1%）。",
    "findings.note": "每个数字为模拟县域多次历史的平均值（现状重复{replications}次），并给出95%区间；方案之间的"
                     "差异为配对比较（同一组历史在各方案下的差别）。",
    # the decision, the options and the benchmarks (analysis/report/brief.py)
    "format.list_last": "和",
    "format.sentence_gap": "",
    "section.options": "各方案比较",
    "section.benchmarks": "每避免1人死亡的费用参照",
    "section.other_findings": "其他结论",
    "decision.hire": "建议增加执法人员{added}名（由{base}名增至{to}名）：每年约减少预期死亡{deaths}人（95%区间{deaths_range}，{plainly}），减少预期事故{expected}起"
                     "（{expected_range}）；每年增加支出{cost}，每避免1人预期死亡约需{per_death}（{per_death_range}）。{counted}",
    "decision.hire_up_to": "本研究运行的每一级增员都可区分地减少预期死亡，因此研究结果支持最多增加执法人员{added}名（"
                           "由{base}名增至本研究运行的最高水平{to}名）：每年约减少预期死亡{deaths}人（95%区间{deaths_"
                           "range}，{plainly}），减少预期事故{expected}起（{expected_range}）；每年增加支出{cost}，每"
                           "避免1人预期死亡约需{per_death}（{per_death_range}）。{counted}",
    "decision.hire_beyond": "超过{to}名后效果递减：再增加{added}名（由{to}名增至{next}名）每年再减少预期死亡{deaths}人（{deaths_range}），在每个水平{replications}次"
                            "历史下与零无法区分，因此研究结果不支持超过{to}名的增编申请。",
    "decision.hire_top": "每多避免1人预期死亡的费用：{ladder}。增至多少人是对费用的取舍，请对照下文的参照标准权衡。",
    "decision.ladder_step": "由{below}名增至{to}名约{per_death}",
    "decision.hire_unsupported": "本研究尚不能说明增加执法人员能减少死亡：增加{added}名（由{base}名增至{to}名）每年减少预期死亡{deaths}人（{deaths_range}），"
                                 "减少预期事故{expected}起（{expected_range}），每年增加支出{cost}；{not_separable}{counted}",
    "decision.hire_none_above": "执法人员配置扫描没有高于现有{base}名的水平，无法说明增加人员的效果。",
    "decision.counted": "按模拟中实际发生的死亡计，每年减少{deaths}人（{deaths_range}）。",
    "decision.counted_signed": "按模拟中实际发生的死亡计，每年减少{deaths}人（{deaths_range}；负值即死亡增加）。",
    "decision.why_expected": "本页所说减少的死亡均为预期死亡：各次模拟历史中未消除的隐患按其暴露时间平均会造成的死亡"
                             "，与模拟中实际发生的死亡人数均值相同。实际死亡还取决于事故是否致死、死亡几人的偶然性（"
                             "一起较大及以上事故即死亡3人以上），本研究中其配对区间约宽{factor}倍，故列于其旁作对照。",
    "decision.why_expected_no_factor": "本页所说减少的死亡均为预期死亡：各次模拟历史中未消除的隐患按其暴露时间平均会"
                                       "造成的死亡，与模拟中实际发生的死亡人数均值相同。实际死亡还取决于事故是否致死"
                                       "、死亡几人的偶然性（一起较大及以上事故即死亡3人以上），其配对区间更宽，故列于"
                                       "其旁作对照。",
    "decision.what.regimes": "现有人员下的各项制度",
    "decision.what.budget_mix": "现有预算的分配",
    "decision.best": "{what}：“{best}”的预期死亡可区分地少于所有其他方案，比现状每年少{deaths}人（{deaths_range}），{costs}。",
    "decision.today_best": "{what}：现状（“{best}”）的预期死亡可区分地最少，没有方案优于现状。",
    "decision.none": "{what}：{count}个方案（含现状）之间的预期死亡没有可区分的差异，不认定任何方案最优。",
    "decision.group": "{what}：{names}之间的预期死亡没有可区分的差异，不认定其中任何方案最优；其他方案的预期死亡可区分地更多。",
    "decision.expected_best": "预期事故方面，“{best}”可区分地最少：比现状每年少{expected}起（{expected_range}），"
                              "{costs}。",
    "decision.expected_same_best": "其预期事故也可区分地最少：比现状每年少{expected}起（{expected_range}）。",
    "decision.expected_today_best": "预期事故方面，现状可区分地最少。",
    "decision.expected_none": "预期事故也无法区分各方案。",
    "decision.expected_group": "预期事故方面，{names}之间没有可区分的差异。",
    "decision.over_budget": "“{option}”每年比{budget}的固定预算多支出{gap}，不参与比较。",
    "decision.and_more": "{names}及其他{count}个方案",
    "benchmarks.compare": "增加的{added}名执法人员每避免1人预期死亡约需{per_death}：是一次性工亡补助金（{compensation}）的{compensation_times}倍，是已"
                          "发表的中国统计生命价值（{vsl_low}至{vsl_high}）的{times_low}至{times_high}倍。",
    "benchmarks.no_cost": "没有可与一次性工亡补助金（{compensation}）或已发表的中国统计生命价值（{vsl_low}至{vsl_high}）对照的每避免1人预期死亡费用。",
    "benchmarks.meaning": "工亡补助金是职工因工死亡后依法支付给家属的补偿，并不是生命的价值；统计生命价值是人们为"
                          "小幅降低自身死亡风险共同愿意支付的金额，折算为每避免1人死亡的金额。",
    "phrase.cost": "每年费用{cost}",
    "phrase.saving": "每年节省{cost}",
    "phrase.no_cost": "不增加费用",
    "plain.every_years": "约每{n}年少死亡1人",
    "plain.every_months": "约每{n}个月少死亡1人",
    "plain.per_month": "约每月少死亡{n}人",
    "plain.none": "没有减少",
    "table.options_staffing": "增加人员：各人员水平与现有{base}名比较（每年）；括号内为配对95%区间，数字按区间宽度取整；仅在减少的预期死亡可区分时给出每避免1人预期死亡的费用。",
    "table.options_regimes": "在现有人员下增加各项制度，与现状比较（每年）；双下降：同一历史下实际事故起数和死亡人数"
                             "均少于现状的比例。",
    "table.options_budget_mix": "现有每年{budget}预算的其他分配方式，与现状的分配比较；支出超出预算{tolerance}以上的"
                                "方案予以标注，不参与比较。",
    "verdict.separator": "；",
    "verdict.request": "建议方案",
    "verdict.step_supported": "比{below}名多出的{added}名可区分地减少预期死亡，每多避免1人约需{per_death}",
    "verdict.step_unsupported": "比{below}名多出的{added}名未能可区分地进一步减少预期死亡：每年{deaths}人（{deaths_range}）",
    "verdict.fewer_deaths": "预期死亡少于现状",
    "verdict.more_deaths": "预期死亡多于现状",
    "verdict.fewer_expected": "预期事故少于现状",
    "verdict.more_expected": "预期事故多于现状",
    "verdict.fewer_both": "预期死亡和预期事故均少于现状",
    "verdict.more_both": "预期死亡和预期事故均多于现状",
    "verdict.no_difference": "与现状没有可区分的差异",
    "verdict.best_deaths": "预期死亡可区分地最少",
    "verdict.best_expected": "预期事故可区分地最少",
    "verdict.best_both": "预期死亡和预期事故均可区分地最少",
    "verdict.tied_deaths": "与其他方案并列预期死亡最少",
    "verdict.over_budget": "每年超出预算{gap}，不参与比较",
    "verdict.under_budget": "每年有{gap}预算未用",
    "cost.saves": "节省支出",
    "cost.free": "不增加费用",
    "cost.more_deaths": "预期死亡增加",
    "cost.not_separable": "减少预期死亡不可区分",
    "benchmark.compensation.name": "一次性工亡补助金",
    "benchmark.compensation.figure": "{yuan}（{year}年发生的工亡：{income_year}年全国城镇居民人均可支配收入{income}元"
                                     "的20倍）",
    "benchmark.compensation.meaning": "职工因工死亡后由工伤保险基金依法一次性支付给近亲属：是事后补偿，不是生命的价值",
    "benchmark.compensation.source": "《工伤保险条例》第三十九条；国家统计局{income_year}年居民收入数据",
    "benchmark.vsl_hoffmann.name": "统计生命价值（三城市）",
    "benchmark.vsl_hoffmann.figure": "{yuan}（{year}年价格）",
    "benchmark.vsl_hoffmann.meaning": "上海、九江、南宁居民为小幅降低死亡风险愿意支付的金额，折算为每避免1人死亡"
                                      "（陈述偏好调查）",
    "benchmark.vsl_hoffmann.source": "Hoffmann 等（2017）",
    "benchmark.vsl_cao.name": "统计生命价值（六城市）",
    "benchmark.vsl_cao.figure": "{yuan}（{year}年价格；各城市{low}至{high}）",
    "benchmark.vsl_cao.meaning": "同上，来自2019年六个城市3,936人的面对面调查（条件价值法）",
    "benchmark.vsl_cao.source": "Cao 等（2023）",
    "benchmark.vsl_review.name": "统计生命价值（国内研究系统评价）",
    "benchmark.vsl_review.figure": "28项研究的中位数{yuan}；其中5项职业安全研究{second}",
    "benchmark.vsl_review.meaning": "截至2024年4月国内发表的支付意愿估计的中间值",
    "benchmark.vsl_review.source": "《中国公共卫生》系统评价",
    # staffing
    "staffing.missing": "本次研究没有执法人员配置扫描。运行 `python -m sim.sweep sweep=staffing`（0至90名），"
                        "再对其目录或包含它的目录生成报告。",
    "staffing.intro": "各人员水平运行同样的{replications}次县域历史，两个水平之间的差异逐次配对计算。年度监督检查"
                      "计划把任意人员的工时转化为检查（见模型说明文档第7节）。",
    "caption.staffing_curves": "执法人员从{low}名增至{high}名，预期事故从每年{from_expected}起降至{to_expected}起，预"
                               "期死亡从{from_deaths}人降至{to_deaths}人（实际死亡从{from_counted}人至{to_counted}人"
                               "）；虚线为现有的{base}名；阴影为95%区间（每个水平{replications}次历史）。",
    "caption.marginal": "每增加1名执法人员每年减少的预期死亡：从{a}名至{b}名{first}人，从{c}名至{d}名{last}人（{last_"
                        "range}），{steps}个区间中有{separated}个与零可区分；实际死亡（橙色）从{c}名至{d}名为{counted"
                        "_last}人（{counted_range}）。",
    # regimes and levers
    "regimes.missing": "本次研究没有监管制度扫描。运行 `python -m sim.sweep sweep=regimes` 可在现有人员下比较各项制度。",
    "regimes.intro": "在现有人员下，分别在县域现行制度之上增加文件中的各项制度，与现状比较；小于零表示每年更少。",
    "caption.choices": "“{best}”对预期事故的影响最大：每年{diff}起（{range}）；{options}个方案中有{separated}个"
                       "在预期事故上与现状可区分。",
    "levers.missing": "本次研究没有其他政策工具的扫描（培训或招聘、派遣方式、举报奖励、预算分配）：可运行 "
                      "`python -m sim.sweep sweep=quality` 及扫描配置目录 `conf/sweep/` 中的其他扫描。",
    "lever.quality": "培训还是招聘（执法人员专业化比例）",
    "lever.dispatch": "统一派遣还是分片包干",
    "lever.reward": "举报奖励标准",
    "lever.budget_mix": "现有预算的分配",
    # the plan
    "plan.off": "本情景未启用年度监督检查计划（在命令中加上 `regimes/annual_plan=on` 可启用）。",
    "plan.intro": "计划按执法机构的做法把人员转化为检查：执法人日减去预留的非计划执法和其他工作，即为检查人日；"
                  "重点企业优先列入计划。“执法工时的去向”一节的表格把这些执法人日与实际工时逐项对应。",
    "caption.plan": "{year}年：{staff_days}个执法人日形成{check_days}个检查人日和{checks}次计划检查；完成{done}次"
                    "（{completion}）；重点企业覆盖率{coverage}。",
    "plan.check_days": "计划检查人日",
    "plan.unplanned_days": "预留非计划执法",
    "plan.other_days": "其他工作与休假",
    "plan.checks": "计划",
    "plan.checks_done": "完成",
    # months
    "months.missing": "该结果没有逐月数据。",
    "months.intro": "实线为{replications}次历史的平均值，阴影为居中90%的历史：县域某个月份可能出现的情况。",
    "caption.months_hazards": "每月约有{open}项隐患未整改，其中重大隐患{major}项（含未发现的）；期末居中90%的历史有"
                              "{low}至{high}项重大隐患未整改。",
    "caption.months_accidents": "平均每月事故{mean}起，较差月份可达{high}起（第95百分位）；每月死亡{deaths}人。",
    # funnel
    "caption.funnel": "每年产生隐患{created}项，发现{found}项（其中企业自查发现{self_share}）。闭环{closed}项："
                      "其中{closed_found}项发现后整改，{unfound}项未被任何人发现即因企业日常维修（或事故）而消除，"
                      "因此闭环数多于发现数。隐患平均产生{find}天后被发现；已闭环的隐患平均存在{close}天。",
    "caption.funnel_unsplit": "每年产生隐患{created}项，发现{found}项（其中企业自查发现{self_share}），闭环{closed}项"
                              "（含未被发现即因企业日常维修而消除的隐患）。隐患平均产生{find}天后被发现；已闭环的"
                              "隐患平均存在{close}天。",
    # the closed hazards' two flows (county.funnel)
    "closure.closed": "",
    "closure.closed_found": "发现后闭环",
    "closure.closed_unfound": "未被发现即消除（日常维修、事故）",
    "duration.mean_days_to_find": "隐患从产生到被发现的天数",
    "duration.mean_days_to_close": "隐患从产生到闭环的天数",
    "duration.mean_days_to_verify": "举报等待核查的天数",
    # hours
    "hours.none": "本节无工时可列：此处的现状县有{inspectors}名执法人员，没有执法任务由执法人员完成，也没有执法工时。",
    "caption.hours": "“{top}”占用工时最多（{share}）；执法人员工时利用率{utilisation}，每年{created}项任务中有"
                     "{expired}项在开始前过期。",
    "source.core": "日常执法（事故调查、举报核查、复查）",
    "source.double_random": "双随机抽查",
    "source.lead_monthly": "领导带队专家检查",
    "source.risk_based": "分级分类检查",
    "source.credit_based": "信用分类检查",
    "source.key_periods": "重点时段检查",
    "source.accident_triggered": "事故防范检查（举一反三）",
    "source.third_party": "第三方发现后的执法",
    "source.trial": "随机对照试验检查",
    "source.annual_plan": "年度监督检查计划",
    # staff-days against hours (county.staff_time)
    "ledger.intro": "计划的执法人日如何对应上表的工时（观测期内平均每年）：一个执法人日为一名执法人员一个工作日的"
                    "{hours_per_day}小时，其中{admin}用于其他工作（会议、文书等），其余为可用于执法的工时。计划把可用"
                    "工时分为预计的非计划执法（按上一年实际用时）、{reserve}的机动余量和检查人日；年内非计划执法（上表"
                    "除年度计划外各行）与计划检查共用去其中的{utilisation}，即工时利用率。检查人日是计划的预算：每家企业"
                    "的检查已排满（每月至多一次）时，计划检查用不完这一预算。",
    "ledger.intro_no_plan": "执法人日如何对应上表的工时（观测期内平均每年）：一个执法人日为一名执法人员一个工作日的"
                            "{hours_per_day}小时，其中{admin}用于其他工作（会议、文书等），其余为可用于执法的工时，"
                            "上表各项工作用去其中的{utilisation}，即工时利用率。",
    "ledger.staff": "执法人员×工作日",
    "ledger.admin": "其他工作（{admin}）",
    "ledger.enforcement": "可用于执法",
    "ledger.plan_unplanned": "计划：预留非计划执法",
    "ledger.plan_reserve": "计划：机动余量（{reserve}）",
    "ledger.plan_checks": "计划：检查人日",
    "ledger.done_unplanned": "实际：非计划执法",
    "ledger.done_plan": "实际：计划检查",
    "ledger.done_all": "实际：各项执法工作",
    "ledger.idle": "未使用",
    "table.ledger": "执法人日＝其他工作＋可用于执法；可用于执法＝预留非计划执法＋机动余量＋检查人日（计划）"
                    "＝非计划执法＋计划检查＋未使用（实际）。",
    "table.ledger_no_plan": "执法人日＝其他工作＋可用于执法；可用于执法＝各项执法工作＋未使用。",
    # targets
    "targets.intro": "各指标给出95%区间、目标值及达标的模拟三年期比例。目标取情景规划设定的数值，未设定时取文件中的数值。",
    "targets.double_decline": "双下降：在政策不变的情况下，{share}的模拟期内末年事故起数和死亡人数均低于首年；"
                              "这一结果仅凭偶然就会经常出现。",
    "target.death_rate": "低于{target}",
    "target.accidents": "低于{target}",
    "target.deaths": "低于{target}",
    "target.deaths_industrial": "低于{target}",
    "target.serious_accidents": "低于{target}",
    "target.coverage": "100%",
        "target.rectification": "–",
    "target_source.scenario": "情景规划",
    "target_source.city_plan": "市“十三五”安全生产规划（2020年）",
    "target_source.county_plan": "县级年度计划（全覆盖）",
        "target_source.none": "文件未给出数值",
    # anchoring
    "anchor.no_trial": "本次研究没有随机对照试验模拟。运行 `python -m analysis.field_trial county_baseline` "
                       "可模拟 Levine 等（2012）的随机对照试验并与其结果对照。",
    "anchor.short_trial": "随机对照试验的运行期不足四个完整随访年：请按 `python -m analysis.field_trial` 设定的"
                          "观测期运行（不要改动观测期长度 `horizon_days`）。",
    "caption.trial": "模拟试验中（{firms}家企业，随机一半各检查一次，{replications}次历史），被检查企业四年内预期"
                     "事故变化{change}（{range}），实际事故起数（Levine 等（2012）统计的工伤索赔即此口径）变化"
                     "{counted}（{counted_range}）；橙色区间为真实试验的结果{levine}（{levine_range}）。",
    "trial.levine": "Levine 等（2012）：工伤索赔，约四年",
    "table.trial": "被检查组相对对照组的变化（检查组/对照组−1）；括号内为95%区间，由低到高。",
    "caption.death_rate": "模拟县域的工矿商贸十万人死亡率为每年{value}（{range}），与全国数据及2020年1.5的目标对照。",
    "national": "全国，{year}年",
    "anchor.assumed": "有依据的部分：隐患和事故发生率经校准，使十万人死亡率与全国数据相符；一次检查的效果与随机对照"
                      "试验对照；年度计划的算法来自已公开的县级计划。假设的部分（无文献给出）：专业化执法人员发现隐患"
                      "能力的提高幅度，执法人员、培训、第三方服务和远程监测的价格，以及举报对奖励的反应。关于培训、"
                      "举报奖励和预算分配的结论取决于这些假设；模型说明文档列出了每个参数及其来源。",
    # tables
    "table.reference": "现状",
    "table.per_year": "每年数值；括号内为95%区间。",
    "table.choices": "与现状的配对差异（每年）；双下降：同一历史下该方案事故起数和死亡人数均少于现状的比例；"
                     "最优概率：该方案死亡人数最少的概率。",
    "table.plan": "各次历史的平均值。",
    "table.targets": "",
    "table.results": "",
    "table.changed": "共{total}个参数与默认值不同，列出{shown}个。",
    # appendix
    "appendix.sweep": "扫描：{name}",
    "appendix.run": "单次运行",
    "appendix.run_trial": "随机对照试验",
    "appendix.scenario": "情景：{scenario}，情景名 `{name}`。{description}依据文件：{sources}。计算引擎 {engine}，"
                         "随机种子 {seed}；观测期自{start}起{days}天，此前预热{warmup}天。",
    "appendix.assumed": "模型{every}个参数中有{assumed}个没有文献来源，在模型说明文档中标为“假设”；下表来源一栏列出"
                        "所依据的文件，数值的具体出处见模型说明文档。",
    "appendix.changed": "与默认值不同的参数",
    "appendix.no_changes": "所有参数均为默认值。",
    "appendix.software": "软件：{software}。",
    # charts
    "metric.expected": "预期",
    "metric.counted": "实际",
    # the shipped sweeps (conf/sweep/), as the appendix names them
    "sweep.staffing": "执法人员数量",
    "sweep.regimes": "各项监管制度",
    "sweep.quality": "培训还是招聘",
    "sweep.dispatch": "派遣方式",
    "sweep.reward": "举报奖励标准",
    "sweep.budget_mix": "预算分配",
    # what parameters' sources cite (analysis/report/provenance.py)
    "cited.separator": "；",
    "cited.assumed": "假设",
    "cited.three_grips_plan": "《宿州市城市管理局埇桥分局安全生产“三个狠抓”专项行动方案》",
    "cited.city_five_year_plan": "《晋城市安全生产“十三五”规划》",
    "cited.county_three_year_plan": "《五华县安全生产专项整治三年行动实施计划》",
    "cited.region_work_points": "西藏自治区2020年安全生产工作要点",
    "cited.town_campaign": "《积翠镇重大事故隐患专项排查整治2023行动实施方案》",
    "cited.plan_rule": "《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）",
    "cited.kuancheng_plan": "宽城区应急管理局2025年度安全生产监督检查计划",
    "cited.dangshan_plan": "砀山县应急管理局2025年度安全生产监督检查计划",
    "cited.work_safety_law": "《中华人民共和国安全生产法》（2021年修正）",
    "cited.reward_rules": "省级安全生产举报奖励办法",
    "cited.hotline": "按2024年安全生产举报热线数据校准",
    "cited.national_indicator": "全国统计指标口径",
    "cited.county_register": "本县（区）企业名录",
    "cited.county_statistics": "本县（区）统计数据",
    "cited.unannounced": "“四不两直”检查方式",
    "cited.scenario_plan": "情景规划",
    "cited.no_number": "文件未给出数值",
    "cited.levine": "Levine 等（2012）",
    "cited.haviland": "Haviland 等（2012）",
    "cited.gray_mendeloff": "Gray 和 Mendeloff（2005）",
    "cited.johnson": "Johnson（2020）",
    "cited.haifeng": "海丰县2022年数据",
}

// The rules part of the 双随机 tab: preset, period, proportion and period per class, strata,
// allocation, team size and count, days and daily limit, home-district exclusion; save and load
// as JSON (the same file `zouhang draw --rules` reads). The core parses and checks the rules.
import { api } from '../api.js';
import { download, el, setStatus } from './dom.js';

export const CLASSES = ['重点', '特殊', '一般'];
const PERIODS = [
  ['month', '每月'],
  ['quarter', '每季度'],
  ['half_year', '每半年'],
  ['year', '每年'],
];

export class DrawRulesForm {
  /** Appends the form to root. */
  constructor(root) {
    this.root = root;
    /** Called after the user changed the rules by a preset or a file (set by the panel). */
    this.onChange = null;
    this.render();
  }

  render() {
    const r = this.root;
    r.append(el('h2', {}, '抽查规则'));
    this.preset = el('select', { dataset: { testid: 'draw-preset' }, onchange: () => this.presetChosen() }, [
      el('option', { value: 'city' }, '市级（重点 5%/季度）'),
      el('option', { value: 'county' }, '县级（重点 25%/季度）'),
    ]);
    const periodSelect = (testid) =>
      el('select', { dataset: { testid } }, PERIODS.map(([v, t]) => el('option', { value: v }, t)));
    this.period = periodSelect('draw-rule-period');
    this.classInputs = {};
    const classRows = [];
    for (const c of CLASSES) {
      const prop = el('input', { type: 'text', size: 7, dataset: { testid: `draw-rule-prop-${c}` } });
      const per = periodSelect(`draw-rule-per-${c}`);
      this.classInputs[c] = { prop, per };
      classRows.push(el('label', {}, `${c}比例`), el('span', {}, [prop, ' ', per]));
    }
    this.stratify = el('input', { type: 'checkbox', dataset: { testid: 'draw-rule-stratify' } });
    this.allocation = el('select', { dataset: { testid: 'draw-rule-allocation' } }, [
      el('option', { value: 'ceil_per_stratum' }, '各区县分别向上取整'),
      el('option', { value: 'largest_remainder' }, '按类别总数、最大余数分配'),
    ]);
    const num = (testid, attrs = {}) => el('input', { type: 'number', min: 0, step: 1, dataset: { testid }, ...attrs });
    this.teamSize = num('draw-rule-team-size', { min: 2 });
    this.teams = num('draw-rule-teams', { min: 1, placeholder: '自动' });
    this.days = num('draw-rule-days', { min: 1 });
    this.perDay = num('draw-rule-per-day', { min: 1 });
    this.excludeHome = el('input', { type: 'checkbox', dataset: { testid: 'draw-rule-exclude-home' } });
    this.rulesFile = el('input', {
      type: 'file',
      accept: '.json',
      dataset: { testid: 'draw-rules-load' },
      onchange: (e) => this.loadRules(e.target.files[0]),
    });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '预设'), this.preset,
        el('label', {}, '本次抽取周期'), this.period,
        ...classRows,
        el('label', {}, '分层'), el('label', {}, [this.stratify, ' 按“类别 × 区县”分层']),
        el('label', {}, '区县分配'), this.allocation,
        el('label', {}, '每组人数'), this.teamSize,
        el('label', {}, '检查组数'), el('span', {}, [this.teams, ' 留空则按工作量自动']),
        el('label', {}, '工作天数'), this.days,
        el('label', {}, '每组每日上限'), el('span', {}, [this.perDay, ' 家']),
        el('label', {}, '属地回避'), el('label', {}, [this.excludeHome, ' 不派往本人所在区县（本地设置，非上级规定）']),
      ]),
      el('p', { class: 'muted' }, '比例可写 5%、12.5%、1:5（五抽一）、1/5 或 0.2。'),
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', dataset: { testid: 'draw-rules-save' }, onclick: () => this.saveRules() }, '保存规则 JSON'),
        el('label', { class: 'secondary' }, ['载入规则 JSON ', this.rulesFile]),
      ]),
    );
  }

  async applyPreset(preset) {
    this.setRules(await api.drawRules(preset));
  }

  /** The user chose a preset: its rules replace the form. */
  async presetChosen() {
    try {
      await this.applyPreset(this.preset.value);
    } catch (err) {
      setStatus(err.message, true);
    }
    if (this.onChange) this.onChange();
  }

  setRules(rules) {
    this.presetName = rules.preset || '';
    if ([...this.preset.options].some((o) => o.value === rules.preset)) this.preset.value = rules.preset;
    this.period.value = rules.period;
    for (const c of CLASSES) {
      this.classInputs[c].prop.value = rules.classes[c].proportion;
      this.classInputs[c].per.value = rules.classes[c].per;
    }
    this.stratify.checked = rules.stratify_by_district;
    this.allocation.value = rules.allocation;
    this.teamSize.value = rules.team_size;
    this.teams.value = rules.teams ?? '';
    this.days.value = rules.days;
    this.perDay.value = rules.max_per_team_per_day;
    this.excludeHome.checked = !!rules.exclude_home_district;
  }

  rulesFromForm() {
    const int = (input) => (input.value === '' ? NaN : Number(input.value));
    const classes = {};
    for (const c of CLASSES) {
      classes[c] = { proportion: this.classInputs[c].prop.value.trim(), per: this.classInputs[c].per.value };
    }
    return {
      preset: this.presetName,
      period: this.period.value,
      classes,
      stratify_by_district: this.stratify.checked,
      allocation: this.allocation.value,
      team_size: int(this.teamSize),
      teams: this.teams.value === '' ? null : int(this.teams),
      days: int(this.days),
      max_per_team_per_day: int(this.perDay),
      exclude_home_district: this.excludeHome.checked,
    };
  }

  saveRules() {
    download('双随机_抽查规则.json', `${JSON.stringify(this.rulesFromForm(), null, 2)}\n`, 'application/json');
  }

  async loadRules(file) {
    if (!file) return;
    try {
      this.setRules(await api.drawRulesFromJson(await file.text()));
      if (this.onChange) this.onChange();
      setStatus(`已载入规则 ${file.name}`);
    } catch (err) {
      setStatus(`规则文件无法读取：${err.message}`, true);
    }
    this.rulesFile.value = '';
  }

  /** The rules in the form, as the core's JSON object. */
  rules() {
    return this.rulesFromForm();
  }
}

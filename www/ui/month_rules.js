// The monthly rules as a Chinese form (月度走航规则): frequencies per month and type, episode
// weeks, spacing, target classes, excluded days, vehicles, shift, speeds and dwell. Each field
// has its unit and range; a value the form cannot take (not a number, out of range) is marked at
// the field, and the core's check (`monthCheckRules`) marks its problems at the field they name
// (`vocs.measure_kmh`, `vehicles.id` with the row).
//
// The rule set itself is a plain object (`this.model`) in the JSON shape the core reads. The
// form changes only the fields the user touches, in place, so the 高级 JSON view
// (`JSON.stringify(model, null, 2)`) round-trips exactly: JSON → form → JSON gives the same text,
// key order, month order and unknown keys included.
import { clear, el } from './dom.js';

const TYPES = [
  ['vocs', 'VOCs 走航'],
  ['road_dust', '道路积尘走航'],
];

/** Field specs: path → [label, unit, kind, min, max]. The ranges are the core's (rules.rs). */
export const FIELDS = {
  'vocs.high_per_month': ['VOCs 走航·重点季节每月', '次', 'int', 0, 31],
  'vocs.low_per_month': ['VOCs 走航·其他月份每月', '次', 'int', 0, 31],
  'vocs.episode_extra_per_week': ['VOCs 走航·污染过程每周加密', '次', 'int', 0, 7],
  'vocs.measure_kmh': ['VOCs 走航·走航车速', 'km/h', 'num', 5, 80],
  'vocs.high_months': ['VOCs 走航·重点季节月份', '', 'months'],
  'road_dust.high_per_month': ['道路积尘走航·重点季节每月', '次', 'int', 0, 31],
  'road_dust.low_per_month': ['道路积尘走航·其他月份每月', '次', 'int', 0, 31],
  'road_dust.episode_extra_per_week': ['道路积尘走航·污染过程每周加密', '次', 'int', 0, 7],
  'road_dust.measure_kmh': ['道路积尘走航·走航车速', 'km/h', 'num', 5, 80],
  'road_dust.high_months': ['道路积尘走航·重点季节月份', '', 'months'],
  min_gap_days: ['同类走航最小间隔', '天', 'int', 0, 15],
  weekends_working: ['周末照常走航', '', 'bool'],
  excluded_days: ['固定排除日期', '', 'dates'],
  shift_start: ['班次开始', '时:分', 'text'],
  shift_hours: ['班次时长', '小时', 'num', 1, 24],
  transit_kmh: ['转场车速', 'km/h', 'num', 5, 130],
  dwell_min: ['定点监测时长', '分钟', 'num', 0, 240],
  dust_quota_km: ['积尘走航月有效里程指标', 'km', 'num', 0, 100000],
  wind_from_deg: ['主导风向（风的来向）', '度', 'num', 0, 360],
  'class_frequencies.class': ['重点类别·类别', '', 'text'],
  'class_frequencies.per_week': ['重点类别·每周', '次', 'int', 0, 7],
  'vehicles.id': ['车辆·编号', '', 'text'],
  'vehicles.name': ['车辆·名称', '', 'text'],
  'vehicles.types': ['车辆·走航类型', '', 'types'],
  'vehicles.days_off': ['车辆·休息日', '', 'dates'],
  vehicles: ['车辆', '', 'list'],
  class_frequencies: ['重点类别', '', 'list'],
};

/** The Chinese label of a core field path (never the English key alone). */
export function fieldLabel(path) {
  return (FIELDS[path] && FIELDS[path][0]) || path;
}

/** Parses a form value by kind; returns {value} or {error}. */
export function parseValue(path, text) {
  const [, unit, kind, min, max] = FIELDS[path] || [];
  const t = String(text).trim();
  if (kind === 'int' || kind === 'num') {
    const range = `${min}–${max}${unit ? ` ${unit}` : ''}`;
    if (t === '') return { error: `请填写 ${range}` };
    const v = Number(t);
    if (!Number.isFinite(v)) return { error: `“${t}”不是数字，请填写 ${range}` };
    if (kind === 'int' && !Number.isInteger(v)) return { error: `请填写整数（${range}）` };
    if (v < min || v > max) return { error: `${t} 超出范围，请填写 ${range}` };
    return { value: v };
  }
  if (kind === 'dates') return { value: t ? t.split(/[,，、;；\s]+/).filter(Boolean) : [] };
  return { value: t };
}

const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] == null || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}
const testid = (path, row) => `month-rule-${path}${row ? `-${row}` : ''}`;

export class MonthRulesForm {
  /** root: the element the form goes into; onEdit(): called after every change the form made. */
  constructor(root, onEdit) {
    this.root = root;
    this.onEdit = onEdit;
    this.model = null;
    /** Form-side problems: "path#row" → message (a value the form could not take). */
    this.formErrors = new Map();
  }

  /** Shows a rule set (an object in the core's JSON shape); the form edits this object. */
  show(model) {
    this.model = model;
    this.render();
  }

  /** The rule set as the 高级 view shows it. */
  json() {
    return JSON.stringify(this.model, null, 2);
  }

  render() {
    // the inputs show the model's values again: what they held that could not be taken is gone
    this.formErrors.clear();
    const r = clear(this.root);
    const m = this.model;
    if (!m) return;
    for (const [key, label] of TYPES) {
      const rule = m[key] || {};
      r.append(
        el('fieldset', { class: 'rule-group' }, [
          el('legend', {}, label),
          this.months(`${key}.high_months`, rule.high_months || []),
          el('div', { class: 'rule-fields' }, [
            this.number(`${key}.high_per_month`, '重点季节每月至少'),
            this.number(`${key}.low_per_month`, '其他月份每月至少'),
            this.number(`${key}.episode_extra_per_week`, '污染过程每周加密'),
            this.number(`${key}.measure_kmh`, '走航车速'),
          ]),
          el('div', { class: 'hint rule-summary', dataset: { testid: `month-rule-summary-${key}` } }, summary(rule)),
        ]),
      );
    }
    r.append(
      el('fieldset', { class: 'rule-group' }, [
        el('legend', {}, '日程'),
        el('div', { class: 'rule-fields' }, [
          this.number('min_gap_days', '同类走航最小间隔', '污染过程加密不受此限'),
          this.check('weekends_working', '周末照常走航（5+2）'),
          this.text('excluded_days', '固定排除日期', '节假日等，YYYY-MM-DD，逗号分隔', true),
        ]),
      ]),
      el('fieldset', { class: 'rule-group' }, [
        el('legend', {}, '班次、车速与监测'),
        el('div', { class: 'rule-fields' }, [
          this.text('shift_start', '班次开始', '08:30'),
          this.number('shift_hours', '班次时长', '一次走航须在班次内完成'),
          this.number('transit_kmh', '转场车速', '测量段之间的行驶'),
          this.number('dwell_min', '定点监测时长', '每个需定点监测的点'),
          this.number('wind_from_deg', '主导风向（风的来向）', '0 北风、90 东风、135 东南风；园区下风向绕行据此'),
          this.number('dust_quota_km', '积尘月有效里程指标', '0 表示不设指标'),
        ]),
      ]),
      this.classList(),
      this.vehicleList(),
    );
  }

  /** A field wrapper: label, the input(s), unit, and the message line of this field. */
  field(path, row, label, control, note) {
    const unit = (FIELDS[path] || [])[1];
    const [, , kind, min, max] = FIELDS[path] || [];
    const range = kind === 'int' || kind === 'num' ? `${min}–${max}` : '';
    return el('div', { class: 'rule-field', dataset: row ? { field: path, row: String(row) } : { field: path } }, [
      el('label', { class: 'rule-label' }, label),
      el('span', { class: 'rule-control' }, [control, unit ? el('span', { class: 'unit' }, unit) : null]),
      note || range ? el('span', { class: 'muted rule-note' }, [range ? `范围 ${range}${unit ? ` ${unit}` : ''}` : '', range && note ? '；' : '', note || '']) : null,
      el('div', { class: 'field-msg', dataset: { testid: `${testid(path, row)}-msg` } }),
    ]);
  }

  /** Applies a value typed into a field: parsed, range-checked, written into the model. */
  edit(path, row, text, write) {
    const key = `${path}#${row || ''}`;
    const res = parseValue(path, text);
    if (res.error) this.formErrors.set(key, res.error);
    else {
      this.formErrors.delete(key);
      write(res.value);
    }
    this.showMessage(path, row, res.error || '');
    this.onEdit();
  }

  number(path, label, note) {
    const [, , kind, min, max] = FIELDS[path];
    const input = el('input', {
      type: 'text',
      inputmode: kind === 'int' ? 'numeric' : 'decimal',
      class: 'num-input',
      value: String(get(this.model, path) ?? ''),
      dataset: { testid: testid(path), min: String(min), max: String(max) },
      onchange: (e) => this.edit(path, 0, e.target.value, (v) => set(this.model, path, v)),
    });
    return this.field(path, 0, label, input, note);
  }

  text(path, label, note, isList = false) {
    const v = get(this.model, path);
    const input = el('input', {
      type: 'text',
      value: isList ? (v || []).join(', ') : String(v ?? ''),
      placeholder: isList ? '2026-10-01, 2026-10-02' : '',
      dataset: { testid: testid(path) },
      onchange: (e) => this.edit(path, 0, e.target.value, (x) => set(this.model, path, x)),
    });
    return this.field(path, 0, label, input, note);
  }

  check(path, label) {
    const input = el('input', {
      type: 'checkbox',
      checked: Boolean(get(this.model, path)),
      dataset: { testid: testid(path) },
      onchange: (e) => {
        set(this.model, path, e.target.checked);
        this.onEdit();
      },
    });
    return el('div', { class: 'rule-field', dataset: { field: path } }, [
      el('label', { class: 'rule-check' }, [input, ` ${label}`]),
      el('div', { class: 'field-msg', dataset: { testid: `${testid(path)}-msg` } }),
    ]);
  }

  /** Twelve month toggles; a toggle keeps the order of the months already listed. */
  months(path, list) {
    const boxes = el('span', { class: 'month-boxes' });
    for (let mo = 1; mo <= 12; mo++) {
      const input = el('input', {
        type: 'checkbox',
        checked: list.includes(mo),
        dataset: { testid: `${testid(path)}-${mo}` },
        onchange: (e) => {
          const cur = get(this.model, path) || [];
          const next = e.target.checked ? (cur.includes(mo) ? cur : [...cur, mo]) : cur.filter((x) => x !== mo);
          set(this.model, path, next);
          const type = path.split('.')[0];
          const s = this.root.querySelector(`[data-testid=month-rule-summary-${type}]`);
          if (s) s.textContent = summary(this.model[type]);
          this.onEdit();
        },
      });
      boxes.append(el('label', { class: 'month-box' }, [input, `${mo}月`]));
    }
    return this.field(path, 0, '重点季节', boxes);
  }

  classList() {
    const list = this.model.class_frequencies || [];
    const rows = list.map((c, i) => {
      const row = i + 1;
      const name = el('input', {
        type: 'text',
        value: c.class ?? '',
        dataset: { testid: testid('class_frequencies.class', row) },
        onchange: (e) => this.edit('class_frequencies.class', row, e.target.value, (v) => { c.class = v; }),
      });
      const per = el('input', {
        type: 'text',
        inputmode: 'numeric',
        class: 'num-input',
        value: String(c.per_week ?? ''),
        dataset: { testid: testid('class_frequencies.per_week', row) },
        onchange: (e) => this.edit('class_frequencies.per_week', row, e.target.value, (v) => { c.per_week = v; }),
      });
      return el('div', { class: 'rule-row' }, [
        this.field('class_frequencies.class', row, '类别', name),
        this.field('class_frequencies.per_week', row, '每周至少', per),
        el('button', { class: 'secondary small', onclick: () => this.removeItem('class_frequencies', i) }, '删除'),
      ]);
    });
    return el('fieldset', { class: 'rule-group', dataset: { field: 'class_frequencies' } }, [
      el('legend', {}, '重点类别（每周 VOCs 走航）'),
      el('p', { class: 'muted' }, '目标清单中属于这些类别的目标，每周都要有 VOCs 走航经过，例如 挂牌督办 乡镇。'),
      ...rows,
      el('div', { class: 'field-msg', dataset: { testid: `${testid('class_frequencies')}-msg` } }),
      el('button', {
        class: 'secondary small',
        dataset: { testid: 'month-rule-class-add' },
        onclick: () => this.addItem('class_frequencies', { class: '', per_week: 1 }),
      }, '添加类别'),
    ]);
  }

  vehicleList() {
    const list = this.model.vehicles || [];
    const rows = list.map((v, i) => {
      const row = i + 1;
      const txt = (path, key, width) =>
        el('input', {
          type: 'text',
          size: width,
          value: key === 'days_off' ? (v.days_off || []).join(', ') : String(v[key] ?? ''),
          dataset: { testid: testid(path, row) },
          onchange: (e) => this.edit(path, row, e.target.value, (x) => { v[key] = x; }),
        });
      const types = el('span', { class: 'type-boxes' }, TYPES.map(([key, label]) =>
        el('label', {}, [
          el('input', {
            type: 'checkbox',
            checked: (v.types || []).includes(key),
            dataset: { testid: `${testid('vehicles.types', row)}-${key}` },
            onchange: (e) => {
              const cur = v.types || [];
              v.types = e.target.checked ? (cur.includes(key) ? cur : [...cur, key]) : cur.filter((x) => x !== key);
              this.onEdit();
            },
          }),
          ` ${label}`,
        ])));
      return el('div', { class: 'rule-vehicle' }, [
        this.field('vehicles.id', row, '编号', txt('vehicles.id', 'id', 6)),
        this.field('vehicles.name', row, '名称', txt('vehicles.name', 'name', 14)),
        this.field('vehicles.types', row, '走航类型', types),
        this.field('vehicles.days_off', row, '休息日', txt('vehicles.days_off', 'days_off', 22), 'YYYY-MM-DD，逗号分隔'),
        el('button', { class: 'secondary small', onclick: () => this.removeItem('vehicles', i) }, '删除此车'),
      ]);
    });
    return el('fieldset', { class: 'rule-group', dataset: { field: 'vehicles' } }, [
      el('legend', {}, '走航车辆'),
      ...rows,
      el('div', { class: 'field-msg', dataset: { testid: `${testid('vehicles')}-msg` } }),
      el('button', {
        class: 'secondary small',
        dataset: { testid: 'month-rule-vehicle-add' },
        onclick: () => {
          const n = list.length + 1;
          this.addItem('vehicles', { id: `V${n}`, name: `走航车 ${n}`, types: ['vocs'], days_off: [] });
        },
      }, '添加车辆'),
    ]);
  }

  addItem(key, item) {
    if (!Array.isArray(this.model[key])) this.model[key] = [];
    this.model[key].push(item);
    this.render();
    this.onEdit();
  }

  removeItem(key, i) {
    this.model[key].splice(i, 1);
    for (const k of [...this.formErrors.keys()]) if (k.startsWith(`${key}.`)) this.formErrors.delete(k);
    this.render();
    this.onEdit();
  }

  /** Writes a message at a field (row 0 = not in a list); '' clears it. */
  showMessage(path, row, text) {
    const box = this.root.querySelector(`[data-testid="${testid(path, row)}-msg"]`);
    if (!box) return false;
    box.textContent = text;
    const wrap = box.closest('.rule-field');
    if (wrap) wrap.classList.toggle('invalid', Boolean(text));
    return true;
  }

  /** The form-side problems as issues (field, row, message), for the summary under the form. */
  formIssues() {
    return [...this.formErrors].map(([key, message]) => {
      const [field, row] = key.split('#');
      return { field, row: row ? Number(row) : null, message };
    });
  }

  /** Shows the core's problems at their fields; returns those no field of the form holds. */
  showIssues(issues) {
    for (const box of this.root.querySelectorAll('.field-msg')) {
      const wrap = box.closest('.rule-field');
      const key = wrap ? `${wrap.dataset.field}#${wrap.dataset.row || ''}` : '';
      if (this.formErrors.has(key)) continue;
      box.textContent = '';
      if (wrap) wrap.classList.remove('invalid');
    }
    const unplaced = [];
    for (const i of issues) {
      const text = `${i.message}（${i.action}）`;
      if (!i.field || !this.showMessage(i.field, i.field.includes('.') && /^(vehicles|class_frequencies)\./.test(i.field) ? i.row : 0, text)) {
        unplaced.push(i);
      }
    }
    return unplaced;
  }
}

/** "4–9 月每月至少 2 次，其他月份至少 1 次；污染过程每周加密 1 次" from a frequency rule. */
export function summary(rule) {
  const months = [...new Set(rule.high_months || [])].sort((a, b) => a - b);
  const spans = [];
  for (const mo of months) {
    const last = spans[spans.length - 1];
    if (last && last[1] === mo - 1) last[1] = mo;
    else spans.push([mo, mo]);
  }
  const text = spans.length
    ? `${spans.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join('、')} 月`
    : '（无重点季节月份）';
  return `${text}每月至少 ${rule.high_per_month} 次，其他月份每月至少 ${rule.low_per_month} 次；污染过程每周加密 ${rule.episode_extra_per_week} 次；走航车速 ${rule.measure_kmh} km/h。`;
}

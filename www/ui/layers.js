// The layers tab: layer switches with counts, and importing the user's own files (file picker
// or drag-and-drop) with the import report shown row by row.
import { api } from '../api.js';
import { clear, el, setStatus, fmt } from './dom.js';
import { CATEGORY_COLORS } from './map.js';

const KINDS = [
  ['enterprises', '企业 / 污染源'],
  ['stations', '国控站点'],
  ['fires', '火点'],
];

export class LayersPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.render();
  }

  onData({ counts }) {
    this.setCounts(counts);
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '图层'));
    const rows = [
      ['stations', '国控站点', el('span', { class: 'swatch', style: 'background:#10b981;border-color:#065f46' })],
      ['sources', '企业与电厂', el('span', { class: 'swatch', style: 'background:#7c3aed' })],
      ['fires', '火点', el('span', { class: 'swatch', style: 'background:#dc2626' })],
      ['roads', '主干路网（底图）', el('span', { class: 'swatch line', style: 'background:#94a3b8' })],
    ];
    for (const [name, label, swatch] of rows) {
      const box = el('input', {
        type: 'checkbox',
        checked: true,
        dataset: { testid: `toggle-${name}` },
        onchange: (e) => this.map.show(name, e.target.checked),
      });
      r.append(
        el('label', { class: 'layer-row' }, [
          box,
          swatch,
          label,
          el('span', { class: 'count', dataset: { testid: `count-${name}` } }, '…'),
        ]),
      );
    }
    const legend = el('div', { class: 'chips legend-note' });
    for (const [cat, color] of Object.entries(CATEGORY_COLORS)) {
      legend.append(el('span', {}, [el('span', { class: 'swatch', style: `background:${color}` }), ` ${cat}`]));
    }
    r.append(legend);

    r.append(el('h2', {}, '导入文件'));
    r.append(
      el('p', { class: 'muted' }, 'CSV（UTF-8 或 GBK，中英文表头均可）或 GeoJSON 点；FIRMS / Himawari 火点文件可直接导入。文件只在本机处理。'),
    );
    this.kind = el('select', { dataset: { testid: 'import-kind' } }, KINDS.map(([v, t]) => el('option', { value: v }, t)));
    this.crs = el('select', { dataset: { testid: 'import-crs' } }, [
      el('option', { value: 'wgs84' }, 'WGS-84（GPS、天地图、OSM）'),
      el('option', { value: 'gcj02' }, 'GCJ-02（高德、腾讯）'),
      el('option', { value: 'bd09' }, 'BD-09（百度）'),
    ]);
    this.replace = el('input', { type: 'checkbox', dataset: { testid: 'import-replace' } });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '导入为'),
        this.kind,
        el('label', {}, '坐标系'),
        this.crs,
        el('label', {}, '替换'),
        el('label', {}, [this.replace, ' 替换该图层现有数据（否则追加）']),
      ]),
      el('p', { class: 'muted' }, '追加时，与图层中已有的点编号相同、或同名且相距不到 100 米的点算作重复：导入前列出，由您选择跳过（默认）或仍然导入。'),
    );
    this.file = el('input', {
      type: 'file',
      accept: '.csv,.txt,.json,.geojson',
      multiple: true,
      dataset: { testid: 'import-file' },
      onchange: (e) => this.importFiles([...e.target.files]),
    });
    const drop = el('div', { class: 'dropzone', dataset: { testid: 'dropzone' } }, ['把文件拖到这里，或 ', this.file]);
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      this.importFiles([...e.dataTransfer.files]);
    });
    r.append(drop);
    this.reports = el('div', { dataset: { testid: 'import-reports' } });
    r.append(this.reports);
    r.append(
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', onclick: () => this.resetDefaults() }, '恢复默认苏州数据'),
      ]),
    );
  }

  setCounts(counts) {
    for (const [k, v] of Object.entries(counts)) {
      const node = this.root.querySelector(`[data-testid="count-${k}"]`);
      if (node) node.textContent = fmt.int(v);
    }
  }

  async importFiles(files) {
    for (const f of files) {
      setStatus(`正在导入 ${f.name}…`);
      try {
        const bytes = new Uint8Array(await f.arrayBuffer());
        const [kind, crs, replace] = [this.kind.value, this.crs.value, this.replace.checked];
        // points the layer already holds (same id, or same name within 100 m): ask first
        let duplicates = 'keep';
        if (!replace) {
          const check = await api.importCheck(kind, f.name, bytes, crs);
          if (check.duplicates && check.duplicates.length) {
            duplicates = await this.askDuplicates(f.name, check);
            if (!duplicates) {
              setStatus(`${f.name}：已取消导入`);
              continue;
            }
          }
        }
        const report = await api.importFile(kind, f.name, bytes, crs, replace, duplicates);
        this.reports.prepend(renderReport(report));
        const dups = report.duplicates ? report.duplicates.length : 0;
        const dupText = dups ? `，图层中已有的 ${dups} 个点${report.duplicate_policy === 'skip' ? '已跳过' : '仍然导入'}` : '';
        setStatus(`${f.name}：导入 ${report.loaded} 条${dupText}，错误 ${report.errors.length} 条`);
      } catch (err) {
        this.reports.prepend(el('div', { class: 'report bad' }, `${f.name}：${err.message}`));
        setStatus(`${f.name} 导入失败：${err.message}`, true);
      }
    }
    this.file.value = '';
    await this.app.refresh();
  }

  /** Shows the duplicates a file would add and waits for the choice: 'skip' (the default
   *  button), 'keep', or null (cancel). */
  askDuplicates(name, check) {
    const n = check.duplicates.length;
    return new Promise((resolve) => {
      const done = (choice) => {
        box.remove();
        resolve(choice);
      };
      const skip = el('button', { class: 'primary', dataset: { testid: 'dup-skip' }, onclick: () => done('skip') }, `跳过这 ${n} 个点（推荐）`);
      const box = el('div', { class: 'report dup-ask', dataset: { testid: 'dup-ask' } }, [
        el('div', {}, [el('strong', {}, name), `：共 ${check.loaded} 个点，其中 ${n} 个图层中已有（编号相同，或同名且相距不到 100 米）。`]),
        duplicateTable(check.duplicates, true),
        el('div', { class: 'actions' }, [
          skip,
          el('button', { class: 'secondary', dataset: { testid: 'dup-keep' }, onclick: () => done('keep') }, '仍然全部导入'),
          el('button', { class: 'secondary', dataset: { testid: 'dup-cancel' }, onclick: () => done(null) }, '取消导入'),
        ]),
      ]);
      this.reports.prepend(box);
      box.scrollIntoView({ block: 'nearest' });
      skip.focus();
      setStatus(`${name}：${n} 个点图层中已有，请选择跳过或仍然导入`);
    });
  }

  async resetDefaults() {
    await api.loadDefaults();
    clear(this.reports);
    await this.app.refresh();
    setStatus('已恢复默认苏州数据');
  }
}

const FIELD_LABELS = {
  code: '站点编码', name: '名称', city: '城市', lon: '经度', lat: '纬度', lonlat: '坐标', background: '对照点',
  id: '编号', industry: '行业', category: '类别', emission: '排放类型', key: '重点排污单位', supervision: '监管类别',
  district: '区县', capacity_mw: '装机容量', fuel: '燃料', acq_date: '观测日期', acq_time: '观测时间(UTC)',
  datetime: '时间', satellite: '卫星', instrument: '传感器', confidence: '置信度', frp: '火辐射功率',
  daynight: '昼夜', type: '类型', area_m2: '面积(m²)', source: '来源', note: '备注', level: '火点等级',
  year: '年', month: '月', day: '日',
};

/** The points of a file that the layer already held, and what was done with them. */
function renderDuplicates(rep) {
  const n = rep.duplicates.length;
  const skipped = rep.duplicate_policy === 'skip';
  return el('details', { class: 'duplicates', dataset: { testid: 'import-duplicates-report' } }, [
    el('summary', { class: 'warn' }, `${n} 个点图层中已有，${skipped ? '已跳过，未重复导入' : '已按选择仍然导入'}（点击查看）`),
    duplicateTable(rep.duplicates, false),
  ]);
}

/** A table of duplicates: imported point, the layer's point, distance, why. */
function duplicateTable(duplicates, open) {
  const body = el('tbody');
  for (const d of duplicates.slice(0, 500)) {
    body.append(
      el('tr', { dataset: { testid: 'import-duplicate', reason: d.reason } }, [
        el('td', {}, d.name),
        el('td', {}, d.existing),
        el('td', { class: 'num' }, fmt.m(d.distance_m)),
        el('td', {}, d.reason_text),
      ]),
    );
  }
  return el('div', { class: open ? 'list-wrap dup-list' : '' }, [
    el('table', { class: 'grid' }, [
      el('thead', {}, el('tr', {}, ['导入的点', '图层中已有', '相距', '判定'].map((h) => el('th', {}, h)))),
      body,
    ]),
    duplicates.length > 500 ? el('div', { class: 'muted' }, `另有 ${duplicates.length - 500} 个未显示`) : null,
  ]);
}

/** The import report: summary, column mapping, and every bad row. */
export function renderReport(rep) {
  const ok = rep.errors.length === 0;
  const box = el('div', { class: 'report', dataset: { testid: 'import-report' } });
  box.append(
    el('div', {}, [
      el('strong', {}, rep.file),
      ` · ${rep.format || '?'} · ${rep.encoding || '?'} · ${rep.crs.toUpperCase()}`,
    ]),
    el('div', { class: ok ? 'ok' : 'bad', dataset: { testid: 'import-summary' } },
      `共 ${rep.rows} 行，导入 ${rep.loaded} 条，错误 ${rep.errors.length} 条，警告 ${rep.warnings.length} 条`),
  );
  if (rep.duplicates && rep.duplicates.length) box.append(renderDuplicates(rep));
  const mapped = Object.entries(rep.columns);
  if (mapped.length) {
    box.append(
      el('div', { class: 'muted' },
        '列识别：' + mapped.map(([k, h]) => `${h}→${FIELD_LABELS[k] || k}`).join('，') +
          (rep.unused_columns.length ? `；未使用：${rep.unused_columns.join('，')}` : '')),
    );
  }
  const issues = [...rep.errors, ...rep.warnings];
  if (issues.length) {
    const body = el('tbody');
    for (const i of issues.slice(0, 500)) {
      body.append(
        el('tr', { dataset: { testid: 'import-issue', code: i.code } }, [
          el('td', { class: 'num' }, i.row ?? '—'),
          el('td', {}, i.field ?? ''),
          el('td', { class: i.severity === 'error' ? 'bad' : '' }, i.message),
          el('td', {}, i.action),
        ]),
      );
    }
    box.append(
      el('table', { class: 'grid' }, [
        el('thead', {}, el('tr', {}, [el('th', {}, '行'), el('th', {}, '字段'), el('th', {}, '问题'), el('th', {}, '处理建议')])),
        body,
      ]),
    );
    if (issues.length > 500) box.append(el('div', { class: 'muted' }, `另有 ${issues.length - 500} 条未显示`));
  }
  return box;
}

// charts.js - ECharts (served by lika at /vendor/echarts.min.js, loaded on
// first use) with the SVG renderer, so charts print sharply.

let loading = null;

export function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/echarts.min.js';
      s.onload = () => (window.echarts ? resolve(window.echarts) : reject(new Error('echarts')));
      s.onerror = () => {
        loading = null;
        reject(new Error('/vendor/echarts.min.js'));
      };
      document.head.appendChild(s);
    });
  }
  return loading;
}

// chart(el, option, onClick): draws option into el; onClick(params) on a
// click of a bar, point or slice.  Returns a dispose function.
export async function chart(el, option, onClick) {
  const echarts = await loadEcharts();
  const inst = echarts.init(el, null, { renderer: 'svg' });
  inst.setOption({ animation: false, ...option });
  if (onClick) inst.on('click', onClick);
  const ro = new ResizeObserver(() => inst.resize());
  ro.observe(el);
  return () => {
    ro.disconnect();
    inst.dispose();
  };
}

// Options of the two chart shapes the dashboard uses.
export function barOption({ categories, series, horizontal, percent }) {
  const cat = { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } };
  // percent: values are per cent (3.17 = 3.17%), as the indicators give them.
  const val = { type: 'value', axisLabel: percent ? { formatter: '{value}%' } : {} };
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: horizontal ? 120 : 48, right: 16, top: series.length > 1 ? 32 : 12, bottom: 32 },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? cat : val,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, cursor: 'pointer' })),
  };
}

export function pieOption({ items }) {
  return {
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: items, cursor: 'pointer', label: { formatter: '{b}: {c}' } }],
  };
}

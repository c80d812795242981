// The 路线规划 answer as a plan document (the export tab's format, docs/EXPORTS.md): one route
// per team, base → stops in order → base, with the solver's times, distances and durations.
// Built from the solver's last answer (the routes as computed, not unsolved edits), so what is
// exported is what was checked.

/** A plan document (`kind: routes`) of a solve response `res`, naming stops from `candidates`
 *  ({id, name, category, lon, lat}); `base` {lon, lat} and its `baseName`. */
export function routesPlanDocument(res, candidates, base, baseName) {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const today = new Date();
  const day = ymd(today);
  // the solver's clock text: `08:05`, or `00:10+1` on the next day (a sheet's `YYYY-MM-DD HH:MM`)
  const clock = (t) => {
    const m = /^(\d{1,2}:\d{2})(?:\+(\d+))?$/.exec(t || '');
    if (!m) return undefined;
    if (!m[2]) return m[1].padStart(5, '0');
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + Number(m[2]));
    return `${ymd(d)} ${m[1].padStart(5, '0')}`;
  };
  const depot = (id, arrival, departure) => ({ id, name: baseName || '基地', location: { lon: base.lon, lat: base.lat }, kind: 'depot', arrival: clock(arrival), departure: clock(departure), service_s: 0 });
  const routes = res.routes.filter((r) => r.stops.length).map((r, k) => ({
    id: `route-${k + 1}`,
    name: `${r.vehicle} · ${r.stops.length} 个点`,
    team: r.vehicle,
    date: day,
    stops: [
      depot(`base-start-${k + 1}`, undefined, r.start),
      ...r.stops.map((s) => {
        const c = byId.get(s.id);
        return {
          id: s.id,
          name: c ? c.name : s.id,
          location: { lon: s.lon, lat: s.lat },
          kind: 'visit',
          arrival: clock(s.arrival),
          departure: clock(s.departure),
          service_s: Math.max(0, s.departure_s - s.start_s),
          note: c && c.category ? c.category : '',
        };
      }),
      depot(`base-end-${k + 1}`, r.end, undefined),
    ],
    geometry: [],
    along_roads: Boolean(res.along_roads),
    distance_m: r.distance_m,
    duration_s: r.duration_s,
  }));
  return { format: 'zouhang-plan', version: 1, kind: 'routes', title: `${baseName || '路线规划'} 周边检查路线 ${day}`, routes };
}

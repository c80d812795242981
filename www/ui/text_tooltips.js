// Leaflet puts a string tooltip into the page as HTML, and tooltips carry names from imported
// files (stations, enterprises, fire points, plans). User text reaches the DOM only as text, so
// every string tooltip, on every layer, becomes a text node: one patch per Leaflet instance,
// applied by the desk page's map (ui/map.js) and by team mode's (team/map.js).

/** Makes `L.Layer#bindTooltip(string)` show the string as text, never as HTML. */
export function textTooltips(L) {
  const proto = L.Layer.prototype;
  if (proto.bindTooltip.textOnly) return;
  const bind = proto.bindTooltip;
  const textOnly = function (content, options) {
    if (typeof content === 'string') {
      const span = document.createElement('span');
      span.textContent = content;
      return bind.call(this, span, options);
    }
    return bind.call(this, content, options);
  };
  textOnly.textOnly = true;
  proto.bindTooltip = textOnly;
}

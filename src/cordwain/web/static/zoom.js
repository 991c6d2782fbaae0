// Zoom (mouse wheel) and pan (drag) an inline SVG inside .zoom[data-zoom] by changing its
// viewBox, so the shapes stay crisp at any scale; double-click shows it whole again.
(function () {
  if (window.cordwainZoom) { return; }
  window.cordwainZoom = true;
  function box(svg) { return svg.viewBox.baseVal; }
  function original(svg) {
    if (!svg.dataset.vb) { var b = box(svg); svg.dataset.vb = [b.x, b.y, b.width, b.height].join(" "); }
    return svg.dataset.vb;
  }
  function target(event) {
    var holder = event.target.closest && event.target.closest(".zoom[data-zoom]");
    return holder ? holder.querySelector("svg") : null;
  }
  document.addEventListener("wheel", function (event) {
    var svg = target(event);
    if (!svg) { return; }
    event.preventDefault();
    original(svg);
    var b = box(svg), r = svg.getBoundingClientRect();
    var fx = (event.clientX - r.left) / r.width, fy = (event.clientY - r.top) / r.height;
    var k = event.deltaY < 0 ? 0.8 : 1.25;
    var w = b.width * k, h = b.height * k;
    svg.setAttribute("viewBox", [b.x + (b.width - w) * fx, b.y + (b.height - h) * fy, w, h].join(" "));
  }, { passive: false });
  var drag = null;
  document.addEventListener("pointerdown", function (event) {
    var svg = target(event);
    if (!svg) { return; }
    original(svg);
    drag = { svg: svg, x: event.clientX, y: event.clientY };
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var b = box(drag.svg), r = drag.svg.getBoundingClientRect();
    var dx = (event.clientX - drag.x) * b.width / r.width;
    var dy = (event.clientY - drag.y) * b.height / r.height;
    drag.svg.setAttribute("viewBox", [b.x - dx, b.y - dy, b.width, b.height].join(" "));
    drag.x = event.clientX; drag.y = event.clientY;
  });
  document.addEventListener("pointerup", function () { drag = null; });
  document.addEventListener("dblclick", function (event) {
    var svg = target(event);
    if (svg && svg.dataset.vb) { svg.setAttribute("viewBox", svg.dataset.vb); }
  });
})();

/* The measure explorer on a phone: the filters start folded so the results show first. Without
   this file they are simply open. */
(function () {
  "use strict";
  var box = document.querySelector(".facets-box");
  if (box && window.matchMedia("(max-width: 820px)").matches) box.open = false;
})();

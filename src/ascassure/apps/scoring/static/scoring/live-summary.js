// Progressive enhancement of the score form: as a score is chosen, say what the overall result
// would be if it were saved. The page works fully without it (the summary updates on saving).
const form = document.querySelector("form[data-live-summary]");
const out = document.getElementById("if-saved");
if (form && out) {
  const update = async () => {
    const params = new URLSearchParams({ qs: form.dataset.qs });
    for (const input of form.querySelectorAll("input[type=radio]:checked")) {
      params.set(input.name, input.value);
    }
    try {
      const response = await fetch(`${form.dataset.liveSummary}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      if (data.qs_score === null || data.percent === null) {
        out.textContent = "";
        return;
      }
      const qs = data.qs_percent === null ? "" : ` (${data.qs_percent}%)`;
      out.textContent = `If you save this, ${data.qs} scores ${data.qs_score}${qs} and the result is ${data.rating} at ${data.percent}%.`;
    } catch {
      // Offline or refused: the server-side summary still updates on saving.
    }
  };
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio]")) update();
  });
}

/* The viewer's temperature unit, kept in localStorage, and the header's °C/°F buttons. */

const UNIT_KEY = 'pistream.unit';
const unitListeners = [];

export function unit() {
  return localStorage.getItem(UNIT_KEY) === 'F' ? 'F' : 'C';
}

export function toUnit(celsius) {
  return unit() === 'F' ? celsius * 9 / 5 + 32 : celsius;
}

export function formatTemperature(celsius) {
  return celsius == null || Number.isNaN(celsius) ? '–' : toUnit(celsius).toFixed(1);
}

export function formatHumidity(percent) {
  return percent == null || Number.isNaN(percent) ? '–' : percent.toFixed(1);
}

/** Wires the °C/°F buttons of the page header; listeners redraw what shows temperatures. */
export function setUpUnitButtons() {
  const buttons = document.querySelectorAll('button[data-unit]');
  const show = () => buttons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.unit === unit())));
  buttons.forEach(button => button.addEventListener('click', () => {
    localStorage.setItem(UNIT_KEY, button.dataset.unit);
    show();
    unitListeners.forEach(listener => listener(unit()));
  }));
  show();
}

export function onUnitChange(listener) {
  unitListeners.push(listener);
}

/* Building elements and the page's notice line. */

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (value == null || value === false) {
      return;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.substring(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach(child => node.append(child));
  return node;
}

export function showNotice(text) {
  const notice = document.getElementById('notice');
  notice.textContent = text || '';
  notice.hidden = !text;
}

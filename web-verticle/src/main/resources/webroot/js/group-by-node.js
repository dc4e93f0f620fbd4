/** Items grouped by their node id, nodes in name order: a cluster has several, never assume one. */
export function groupByNode(items) {
  const groups = new Map();
  [...items].sort((a, b) => a.node.localeCompare(b.node)).forEach(item => {
    if (!groups.has(item.node)) {
      groups.set(item.node, []);
    }
    groups.get(item.node).push(item);
  });
  return groups;
}

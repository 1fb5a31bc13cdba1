/**
 * Checks a parsed JSON value against `knowledge/schema.json` and reports each problem with a JSON
 * pointer. It interprets the subset of draft-07 the pack schema uses (type or a list of types, enum,
 * required, properties, additionalProperties: false, items or a list of items (a tuple), pattern,
 * minLength/maxLength, minItems/maxItems, local $ref), so the schema
 * file stays the one description of a pack. Why not Ajv: it generates code with `new Function` (refused
 * by strict Content-Security-Policies in web workers), adds ~120 KB to a bundle whose budget is 150 KB,
 * and its nested error lists need the same flattening to give a clinician one line per problem.
 */

export interface SchemaNode {
  $ref?: string;
  type?: string | readonly string[];
  enum?: readonly unknown[];
  required?: readonly string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  /** One schema for every item, or one per position (a tuple). */
  items?: SchemaNode | readonly SchemaNode[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  description?: string;
  definitions?: Record<string, SchemaNode>;
}

export interface SchemaIssue {
  path: string;
  message: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function preview(value: string): string {
  const s = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(s);
}

export class SchemaChecker {
  private readonly patterns = new Map<string, RegExp>();
  /** Each schema node with its `$ref`s followed: resolved once, not once per value checked. */
  private readonly resolved = new Map<SchemaNode, SchemaNode>();

  constructor(private readonly root: SchemaNode, private readonly maxIssues = 100) {}

  private add(issues: SchemaIssue[], path: ReadonlyArray<string | number>, message: string): void {
    if (issues.length < this.maxIssues) issues.push({ path: pointer(path), message });
  }

  /** Arrays whose own rules are checked but not their items (the caller checks each item on its own). */
  private skipItemsOf: ReadonlySet<unknown> = new Set();

  /**
   * `node`: the root schema, or one of its definitions for a value found at `path`. `skipItemsOf`: arrays
   * inside `value` whose items are left to the caller (see {@link itemSchemaAt}).
   */
  check(value: unknown, node: SchemaNode = this.root, path: ReadonlyArray<string | number> = [], skipItemsOf?: ReadonlySet<unknown>): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.skipItemsOf = skipItemsOf ?? new Set();
    try {
      this.visit(node, value, [...path], issues);
    } finally {
      this.skipItemsOf = new Set();
    }
    return issues;
  }

  /**
   * The schema of one item of the array found at `path` (object keys from the root, e.g. `codeSet`, `rows`),
   * or undefined when the schema has no such array of one item schema.
   */
  itemSchemaAt(path: readonly string[]): SchemaNode | undefined {
    let node: SchemaNode | undefined = this.root;
    for (const key of path) {
      node = node && this.resolve(node).properties?.[key];
      if (!node) return undefined;
    }
    const items = this.resolve(node).items;
    return items && !Array.isArray(items) ? (items as SchemaNode) : undefined;
  }

  private resolve(node: SchemaNode): SchemaNode {
    const cached = this.resolved.get(node);
    if (cached) return cached;
    let n = node;
    for (let guard = 0; n.$ref && guard < 32; guard++) {
      const m = /^#\/definitions\/(.+)$/.exec(n.$ref);
      const target = m ? this.root.definitions?.[m[1]] : undefined;
      if (!target) throw new Error(`schema: unresolvable $ref ${n.$ref}`);
      // A $ref node may carry its own description; the target carries the rules.
      n = target;
    }
    this.resolved.set(node, n);
    return n;
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (!re) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }

  /**
   * `path` is the stack of pointer segments down to `value`, joined only when a problem is reported: a
   * 74,000-entry pack has some two million values, and building each one's pointer string took seconds.
   */
  private visit(schemaNode: SchemaNode, value: unknown, path: Array<string | number>, issues: SchemaIssue[]): void {
    if (issues.length >= this.maxIssues) return;
    const node = this.resolve(schemaNode);

    if (node.enum) {
      if (!node.enum.includes(value as never)) {
        this.add(issues, path, `must be one of ${node.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${describe(value)})`);
      }
      return;
    }

    const actual = typeName(value);
    if (node.type) {
      const t = node.type;
      if (typeof t === 'string' ? !isType(actual, t) : !t.some((x) => isType(actual, x))) {
        this.add(issues, path, `must be ${(typeof t === 'string' ? [t] : t).map(article).join(' or ')} (got ${describe(value)})`);
        return;
      }
    }

    if (typeof value === 'string') {
      if (node.minLength !== undefined && value.length < node.minLength) {
        this.add(issues, path, node.minLength === 1 ? 'must not be empty' : `must be at least ${node.minLength} characters`);
      }
      if (node.maxLength !== undefined && value.length > node.maxLength) {
        this.add(issues, path, `is ${value.length} characters long; at most ${node.maxLength} allowed`);
        return; // do not run a pattern over a huge string
      }
      if (node.pattern !== undefined && !this.regex(node.pattern).test(value)) {
        this.add(issues, path, `${preview(value)} does not match ${node.pattern}${node.description ? ` (${node.description})` : ''}`);
      }
      return;
    }

    if (Array.isArray(value)) {
      if (node.minItems !== undefined && value.length < node.minItems) {
        this.add(issues, path, node.minItems === 1 ? 'must not be empty' : `must have at least ${node.minItems} items`);
      }
      if (node.maxItems !== undefined && value.length > node.maxItems) {
        this.add(issues, path, `has ${value.length} items; at most ${node.maxItems} allowed`);
      }
      const items = this.skipItemsOf.has(value) ? undefined : node.items;
      if (items) {
        const tuple = Array.isArray(items) ? (items as readonly SchemaNode[]) : undefined;
        const n = tuple ? Math.min(value.length, tuple.length) : value.length;
        for (let i = 0; i < n && issues.length < this.maxIssues; i++) {
          path.push(i);
          this.visit(tuple ? tuple[i]! : (items as SchemaNode), value[i], path, issues);
          path.pop();
        }
      }
      return;
    }

    if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      for (const key of node.required ?? []) {
        if (!Object.prototype.hasOwnProperty.call(obj, key)) {
          issues.length < this.maxIssues &&
            issues.push({ path: pointer(path, key), message: `required property "${key}" is missing` });
        }
      }
      const props = node.properties ?? {};
      for (const key of Object.keys(obj)) {
        if (issues.length >= this.maxIssues) return;
        const child = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
        if (child) {
          path.push(key);
          this.visit(child, obj[key], path, issues);
          path.pop();
        } else if (node.additionalProperties === false) {
          issues.push({ path: pointer(path, key), message: `unknown property "${key.length > 40 ? key.slice(0, 40) + '…' : key}"` });
        }
      }
    }
  }
}

/** The JSON pointer of a path of keys; a key longer than 60 characters is cut (a 10 MB key stays out of messages). */
function pointer(path: ReadonlyArray<string | number>, last?: string): string {
  let out = '';
  for (const k of last === undefined ? path : [...path, last]) {
    const key = String(k);
    out += `/${pointerSegment(key.length > 60 ? `${key.slice(0, 60)}…` : key)}`;
  }
  return out;
}

function isType(actual: string, type: string): boolean {
  return type === actual || (type === 'number' && actual === 'integer');
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  const t = typeName(value);
  if (t === 'string') return `string ${preview(value as string)}`;
  if (t === 'integer' || t === 'number' || t === 'boolean') return `${t} ${String(value)}`;
  return t;
}

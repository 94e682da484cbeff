// Reads and checks the x-capkit-* vendor extensions. Every rule here fails the codegen loudly, so a
// spec edit that breaks an invariant never reaches the generated files.

/** Allowed values of the extension fields: the extensions' own schema (the spec states the data). */
export const VOCABULARY = {
  category: ['auth', 'balance', 'invalid-task', 'unsolvable', 'rate-limit', 'not-found', 'service'],
  retry: ['request', 'new-task', 'after-cooldown', 'no'],
  mode: ['sync', 'async'],
  proxy: ['none', 'built-in', 'required', 'optional'],
};

const LIMIT_KEYS = [
  'maxQueriesPerTask',
  'taskLifetimeMs',
  'pollIntervalMs',
  'solveTimeMinMs',
  'solveTimeMaxMs',
  'serverSolveTimeoutMs',
];

const SCHEMA_REF = '#/components/schemas/';

/**
 * @typedef {{ code: string, description: string, category: string, retryable: boolean, retry: string, httpStatus: number }} ErrorEntry
 * @typedef {{ type: string, schema: string, description: string, mode: string, proxy: string, family: string, solution: string, getToken: boolean, aliases: string[] }} TaskEntry
 * @typedef {{ limits: Record<string, number>, errors: ErrorEntry[], tasks: TaskEntry[], statuses: string[], servers: string[], methods: string[] }} CapkitModel
 */

/**
 * Turns the spec into the model the constants are rendered from.
 * @param {Record<string, any>} spec
 * @returns {CapkitModel}
 */
export function readExtensions(spec) {
  const schemas = spec.components?.schemas ?? {};
  return {
    limits: readLimits(spec['x-capkit-limits']),
    errors: readErrors(spec['x-capkit-errors']),
    tasks: checkAliases(readTasks(schemas)),
    statuses: readStatuses(schemas),
    servers: (spec.servers ?? []).map((server) => server.url),
    methods: readMethods(spec.paths ?? {}),
  };
}

function fail(message) {
  throw new Error(`spec: ${message}`);
}

function oneOfVocabulary(where, field, value) {
  if (!VOCABULARY[field].includes(value)) {
    fail(`${where}: ${field} must be one of ${VOCABULARY[field].join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function readLimits(limits) {
  if (!limits) fail('x-capkit-limits is missing');
  const keys = Object.keys(limits);
  const unknown = keys.filter((key) => !LIMIT_KEYS.includes(key));
  const missing = LIMIT_KEYS.filter((key) => !keys.includes(key));
  if (unknown.length || missing.length) {
    fail(`x-capkit-limits: unknown [${unknown.join(', ')}], missing [${missing.join(', ')}]`);
  }
  for (const key of LIMIT_KEYS) {
    if (!Number.isInteger(limits[key]) || limits[key] <= 0) fail(`x-capkit-limits.${key} must be a positive integer`);
  }
  return Object.fromEntries(LIMIT_KEYS.map((key) => [key, limits[key]]));
}

function readErrors(errors) {
  if (!errors) fail('x-capkit-errors is missing');
  return Object.entries(errors).map(([code, entry]) => {
    const where = `x-capkit-errors.${code}`;
    if (!/^ERROR_[A-Z_]+$/.test(code)) fail(`${where}: codes look like ERROR_SOMETHING`);
    if (typeof entry.description !== 'string' || !entry.description) fail(`${where}: description is required`);
    if (typeof entry.retryable !== 'boolean') fail(`${where}: retryable must be a boolean`);
    if (!Number.isInteger(entry.httpStatus)) fail(`${where}: httpStatus must be an integer`);
    const retry = oneOfVocabulary(where, 'retry', entry.retry);
    if ((retry !== 'no') !== entry.retryable) fail(`${where}: retryable must be true exactly when retry is not "no"`);
    return {
      code,
      description: entry.description,
      category: oneOfVocabulary(where, 'category', entry.category),
      retryable: entry.retryable,
      retry,
      httpStatus: entry.httpStatus,
    };
  });
}

function refName(ref, where) {
  if (typeof ref !== 'string' || !ref.startsWith(SCHEMA_REF)) fail(`${where}: expected a ${SCHEMA_REF}… $ref`);
  return ref.slice(SCHEMA_REF.length);
}

function oneOfNames(schemas, name) {
  const schema = schemas[name];
  if (!schema?.oneOf) fail(`components.schemas.${name} must be a oneOf`);
  const names = schema.oneOf.map((member) => refName(member.$ref, `${name}.oneOf`));
  const mapping = schema.discriminator?.mapping ?? {};
  if (schema.discriminator?.propertyName !== 'type') fail(`${name}: discriminator.propertyName must be "type"`);
  const mapped = Object.entries(mapping).map(([type, ref]) => [type, refName(ref, `${name}.discriminator`)]);
  if (mapped.length !== names.length || mapped.some(([, target], i) => target !== names[i])) {
    fail(`${name}: discriminator.mapping must list the oneOf members in the same order`);
  }
  return mapped;
}

function readTasks(schemas) {
  const tokenTypes = new Set(oneOfNames(schemas, 'GetTokenTask').map(([type]) => type));
  return oneOfNames(schemas, 'Task').map(([type, name]) => {
    const schema = schemas[name];
    const where = `components.schemas.${name}`;
    const ext = schema['x-capkit-task'];
    if (!ext) fail(`${where}: x-capkit-task is missing`);
    if (schema.properties?.type?.const !== type) fail(`${where}: properties.type.const must be "${type}"`);
    if (!schema.required?.includes('type')) fail(`${where}: "type" must be required`);
    if (!schemas[ext.solution]) fail(`${where}: x-capkit-task.solution names no schema (${ext.solution})`);
    if (typeof ext.family !== 'string' || !ext.family) fail(`${where}: x-capkit-task.family is required`);
    if (ext.getToken !== tokenTypes.has(type)) fail(`${where}: x-capkit-task.getToken disagrees with GetTokenTask`);
    const proxy = oneOfVocabulary(where, 'proxy', ext.proxy);
    const uses = (name) => (schema.allOf ?? []).some((part) => part.$ref === `${SCHEMA_REF}${name}`);
    if ((proxy === 'required') !== uses('TaskProxy'))
      fail(`${where}: proxy "required" exactly when allOf has TaskProxy`);
    if ((proxy === 'optional') !== uses('OptionalTaskProxy')) {
      fail(`${where}: proxy "optional" exactly when allOf has OptionalTaskProxy`);
    }
    return {
      type,
      schema: name,
      description: schema.description ?? '',
      mode: oneOfVocabulary(where, 'mode', ext.mode),
      proxy,
      family: ext.family,
      solution: ext.solution,
      getToken: ext.getToken,
      aliases: readAliases(schema['x-capkit-aliases'], where),
    };
  });
}

/** Other spellings of a type name (`x-capkit-aliases`: `[{ name, seen }]`), where they were seen. */
function readAliases(aliases, where) {
  if (aliases === undefined) return [];
  if (!Array.isArray(aliases)) fail(`${where}: x-capkit-aliases must be a list`);
  return aliases.map((alias, index) => {
    if (typeof alias?.name !== 'string' || !/^[A-Za-z0-9]+$/.test(alias.name)) {
      fail(`${where}: x-capkit-aliases[${index}].name must be a type name`);
    }
    if (typeof alias.seen !== 'string' || !alias.seen) fail(`${where}: x-capkit-aliases[${index}].seen is required`);
    return alias.name;
  });
}

/** Every alias names one type: no alias may repeat, or spell another type's name (case-insensitively). */
function checkAliases(tasks) {
  const owner = new Map(tasks.map((task) => [task.type.toLowerCase(), task.type]));
  for (const task of tasks) {
    for (const alias of task.aliases) {
      const taken = owner.get(alias.toLowerCase());
      if (taken !== undefined && taken !== task.type)
        fail(`x-capkit-aliases: ${alias} of ${task.type} spells ${taken}`);
      owner.set(alias.toLowerCase(), task.type);
    }
  }
  return tasks;
}

function readStatuses(schemas) {
  const statuses = schemas.TaskStatus?.enum;
  if (!Array.isArray(statuses) || statuses.length === 0) fail('components.schemas.TaskStatus.enum is missing');
  return statuses;
}

function readMethods(paths) {
  return Object.entries(paths).map(([path, item]) => {
    const operationId = item.post?.operationId;
    if (path !== `/${operationId}`) fail(`paths.${path}: every method is POST /<operationId>`);
    return operationId;
  });
}

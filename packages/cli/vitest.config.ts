import { defineProject } from '../../vitest.shared';

export default defineProject(import.meta.dirname);

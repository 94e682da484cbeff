// Deno: importing the packages and creating a client must need no permission at all (a program asks only for what
// it uses: the network for requests, files for a file store). Run with no --allow-* flag.
import { scaleLimits } from '@capkit/core';
import { createClient } from '@capkit/node';

createClient({ apiKey: 'CAP-IMPORT-ONLY', baseUrl: 'http://127.0.0.1:9', limits: scaleLimits(1) });
console.log('imported with no permissions');

import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Pages chain several answers (a dialog, a write, a reload); on a loaded machine that can outlast the default 1 s wait of `findBy…`.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

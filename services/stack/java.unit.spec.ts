import { parseJavaMajor } from './java';

describe('reading the major version from `java -version`', () => {
  it('reads the first number of a modern version string', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)')).toBe(17);
    expect(parseJavaMajor('openjdk version "25.0.1" 2025-10-21 LTS')).toBe(25);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
  });
  it('reads the second number of a 1.x version string', () => {
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
  });
  it('gives null for output that names no version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeNull();
  });
});

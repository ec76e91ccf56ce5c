import { sandboxSettingProblems, sandboxSettingsOf } from './sandbox-settings';

describe('sandbox settings', () => {
  it('accepts its own settings with defaults for the rest', () => {
    expect(sandboxSettingProblems({ latencyMs: 50, failureRate: 0.25, hang: false, callbackFormat: 'json', refundUnsupported: true })).toEqual([]);
    expect(sandboxSettingsOf({ failureRate: 1 })).toEqual({ latencyMs: 0, failureRate: 1, hang: false, callbackFormat: 'form', refundUnsupported: false });
  });

  it('names every bad or unknown setting', () => {
    expect(sandboxSettingProblems({ latencyMs: -1, failureRate: 1.5, hang: 'yes', callbackFormat: 'xml', colour: 'red' })).toEqual([
      'settings.latencyMs must be an integer from 0 to 60000',
      'settings.failureRate must be a number from 0 to 1',
      'settings.hang must be true or false',
      "settings.callbackFormat must be 'form' or 'json'",
      'settings.colour is not a setting of the sandbox provider',
    ]);
  });
});

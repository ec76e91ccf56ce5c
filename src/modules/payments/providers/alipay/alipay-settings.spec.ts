import { ALIPAY_PRODUCTION_GATEWAY, alipaySettingProblems, alipaySettingsOf } from './alipay-settings';

describe('Alipay settings', () => {
  it("defaults to Alipay's production gateway and the QR code", () => {
    expect(alipaySettingsOf({})).toEqual({ gateway: ALIPAY_PRODUCTION_GATEWAY, mode: 'qr' });
    expect(alipaySettingsOf({ mode: 'page' })).toEqual({ gateway: 'https://openapi.alipay.com/gateway.do', mode: 'page' });
  });

  it('accepts https gateways, and plain http on this machine only', () => {
    for (const gateway of ['https://openapi-sandbox.dl.alipaydev.com/gateway.do', 'http://127.0.0.1:41234/gateway.do', 'http://localhost:8080/gateway.do']) {
      expect(alipaySettingProblems({ gateway, mode: 'qr' })).toEqual([]);
    }
  });

  it('names every bad or unknown setting', () => {
    expect(alipaySettingProblems({ gateway: 'http://openapi.alipay.com/gateway.do', mode: 'app', colour: 'blue' })).toEqual([
      'settings.gateway must be an https URL (http only for a gateway on this machine)',
      "settings.mode must be 'qr' or 'page'",
      'settings.colour is not a setting of the Alipay provider (gateway, mode)',
    ]);
    for (const gateway of ['not a url', 42, 'https://user:pw@openapi.alipay.com/gateway.do', 'https://openapi.alipay.com/gateway.do?charset=gbk']) {
      expect(alipaySettingProblems({ gateway })).toHaveLength(1);
    }
  });
});

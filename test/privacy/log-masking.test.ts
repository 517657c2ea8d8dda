import { describe, expect, it } from 'vitest';
import { capturedLogs } from '../helpers/captured-logs.ts';

describe("the functions' structured logs (SPEC section 8)", () => {
  it('mask personal data whatever a handler passes: customer ids, case keys, phones, emails, names, WeChat ids, nested or not', async () => {
    const { logger } = await import('../../functions/logger.ts');
    const line = await capturedLogs(() =>
      logger.info('step answered', {
        customerId: '13812345678',
        caseKey: 'CUST-1001#daily-2026-11-23',
        contact: { phone: '+86 139 8765 4321', email: 'wang.fang@mail.example', name: '王芳芳', wechat: 'wangfang_88' },
        storeId: 'STORE-01',
      }),
    );
    for (const clear of [
      '13812345678',
      'CUST-1001',
      '13987654321',
      '139 8765 4321',
      'wang.fang',
      '王芳芳',
      'wangfang_88',
    ])
      expect(line).not.toContain(clear);
    const logged = JSON.parse(line.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(logged).toMatchObject({
      customerId: '138****5678',
      caseKey: 'CU*****01#daily-2026-11-23',
      storeId: 'STORE-01',
      contact: { phone: '139****4321', email: 'w***@mail.example', name: '王**', wechat: 'w***' },
    });
  });
});

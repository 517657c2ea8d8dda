import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe("the functions' structured logs (SPEC section 8)", () => {
  it('mask personal data whatever a handler passes: customer ids, case keys, phones, emails, names, WeChat ids, nested or not', async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const { logger } = await import('../../functions/logger.ts');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk: string | Uint8Array) => (lines.push(String(chunk)), true),
    );
    logger.info('step answered', {
      customerId: '13812345678',
      caseKey: 'CUST-1001#daily-2026-11-23',
      contact: { phone: '+86 139 8765 4321', email: 'wang.fang@mail.example', name: '王芳芳', wechat: 'wangfang_88' },
      storeId: 'STORE-01',
    });
    const line = lines.join('');
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
    const logged = JSON.parse(line.trim().split('\n').at(-1)!) as Record<string, any>;
    expect(logged).toMatchObject({
      customerId: '138****5678',
      caseKey: 'CU*****01#daily-2026-11-23',
      storeId: 'STORE-01',
      contact: { phone: '139****4321', email: 'w***@mail.example', name: '王**', wechat: 'w***' },
    });
  });
});

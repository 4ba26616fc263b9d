// Upload-then-reference: a case creation or task completion whose variables carry attachment ids must reference the
// caller's own unbound uploads (400 ATTACHMENT_NOT_USABLE otherwise, before anything changes); once it succeeded, those
// uploads are bound to the case. Kept here, around the two routes, so the cases and tasks services stay unaware.
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AttachmentsService } from './attachments.service';
import { caseIdOfTask } from '../../db/tasks.repository';

interface RouteRequest {
  method: string;
  route?: { path?: string };
  params?: Record<string, string>;
  body?: { variables?: unknown };
  user?: AuthUser;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function variablesOf(req: RouteRequest): Record<string, unknown> | undefined {
  const v = req.body?.variables;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

@Injectable()
export class AttachmentBindingInterceptor implements NestInterceptor {
  constructor(
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RouteRequest>();
    const path = req.route?.path ?? '';
    const kind =
      req.method === 'POST' && /\/cases$/.test(path)
        ? 'create'
        : req.method === 'POST' && /\/tasks\/:id\/complete$/.test(path)
          ? 'complete'
          : undefined;
    const variables = variablesOf(req);
    if (!kind || !req.user || !variables) return next.handle();
    const user = req.user;
    return from(this.around(kind, req, variables, user, next));
  }

  private async around(
    kind: 'create' | 'complete',
    req: RouteRequest,
    variables: Record<string, unknown>,
    user: AuthUser,
    next: CallHandler,
  ): Promise<unknown> {
    let caseId: string | undefined;
    if (kind === 'complete') {
      const taskId = req.params?.id ?? '';
      caseId = UUID.test(taskId) ? await caseIdOfTask(this.dataSource, taskId) : undefined;
    }
    const refs = await this.attachments.checkReferences(variables, user, caseId);
    const result = await lastValueFrom(next.handle());
    if (refs.length > 0) {
      const r = result as { id?: unknown; case?: { id?: unknown } } | undefined;
      const bound = kind === 'create' ? r?.id : (r?.case?.id ?? caseId);
      if (typeof bound === 'string') await this.attachments.bindReferences(bound, variables, user);
    }
    return result;
  }
}

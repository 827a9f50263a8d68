import { cookieNames } from './context';
import { cookie, redirect, sendHtml } from './http';
import { sessionsPage } from './pages/sessions';
import { signedInForm, signedInPage, signedOf, viewerOf, type PortalFeature } from './routing';
import { endAllSessions, sessionsOf } from './sessions';

/**
 *   GET  /sessions                          where I am signed in
 *   POST /sessions/sign-out-everywhere      end all my sessions, this one too
 */
export const sessionsFeature: PortalFeature = {
  name: 'sessions',
  register(app, context) {
    app.get('/sessions', signedInPage(context), async (request, reply) => {
      const signed = signedOf(request);
      return sendHtml(reply, 200, sessionsPage(viewerOf(signed), await sessionsOf(context.db, signed.session, context.now())));
    });

    app.post('/sessions/sign-out-everywhere', signedInForm(context), async (request, reply) => {
      const ended = await endAllSessions(context.db, signedOf(request).session.practitionerId);
      context.log.info('portal signed out everywhere', { sessions: ended });
      return redirect(reply, '/sign-in', { 'set-cookie': cookie(cookieNames(context.secureCookies).session, '', { secure: context.secureCookies, maxAgeSeconds: 0 }) });
    });
  },
};
